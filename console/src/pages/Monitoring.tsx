/** Executions over time, how long they take, and where they fail: overall or for one machine. */
import { useState } from 'react';
import { getMetrics, getSummary, type BucketSize, type MetricsResult, type SeriesPoint } from '../api/console.js';
import { useStream } from '../api/stream.js';
import { executionPath, Link } from '../app/router.js';
import { ErrorNote, useAsync, useThrottledReload } from '../components/common.js';
import { arnName, formatDuration } from '../model/wire.js';

const RANGES: Record<string, { ms: number; bucket: BucketSize; label: string }> = {
  '1h': { ms: 3_600_000, bucket: 'minute', label: 'Last hour' },
  '24h': { ms: 86_400_000, bucket: 'hour', label: 'Last 24 hours' },
  '7d': { ms: 7 * 86_400_000, bucket: 'hour', label: 'Last 7 days' },
  '30d': { ms: 30 * 86_400_000, bucket: 'day', label: 'Last 30 days' },
};

const SERIES: { key: keyof Omit<SeriesPoint, 't'>; label: string; color: string }[] = [
  { key: 'succeeded', label: 'Succeeded', color: '#188038' },
  { key: 'failed', label: 'Failed', color: '#d93025' },
  { key: 'timedOut', label: 'Timed out', color: '#e37400' },
  { key: 'aborted', label: 'Aborted', color: '#5f6368' },
];

export function MonitoringPage() {
  const summary = useAsync(getSummary, []);
  const [arn, setArn] = useState('');
  return (
    <section>
      <header className="page-head">
        <h1>Monitoring</h1>
        <label className="inline">
          State machine{' '}
          <select value={arn} onChange={(e) => setArn(e.target.value)}>
            <option value="">All state machines</option>
            {(summary.data?.stateMachines ?? []).map((m) => (
              <option key={m.stateMachineArn} value={m.stateMachineArn}>{m.name}</option>
            ))}
          </select>
        </label>
      </header>
      <MonitoringView stateMachineArn={arn || undefined} />
    </section>
  );
}

export function MonitoringView({ stateMachineArn }: { stateMachineArn?: string }) {
  const [range, setRange] = useState('1h');
  const r = RANGES[range];
  const metrics = useAsync(() => {
    const to = Date.now();
    return getMetrics({ stateMachineArn, from: to - r.ms, to, bucket: r.bucket });
  }, [stateMachineArn, range]);
  const soon = useThrottledReload(metrics.reload, 2000);
  useStream({ execution: (c) => (!stateMachineArn || c.stateMachineArn === stateMachineArn) && soon() });
  const m = metrics.data;
  return (
    <div className="monitoring" data-testid="monitoring">
      <div className="filters">
        <label>
          Range{' '}
          <select value={range} onChange={(e) => setRange(e.target.value)}>
            {Object.entries(RANGES).map(([k, v]) => (
              <option key={k} value={k}>{v.label}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={metrics.error} />
      {m && <Totals metrics={m} />}
      {m && <Chart series={m.series} />}
      {m && <Hotspots metrics={m} />}
    </div>
  );
}

function Totals({ metrics }: { metrics: MetricsResult }) {
  const sum = (k: keyof Omit<SeriesPoint, 't'>) => metrics.series.reduce((n, p) => n + p[k], 0);
  const cards: [string, string, string?][] = [
    ['Started', String(sum('started'))],
    ...SERIES.map((s): [string, string, string] => [s.label, String(sum(s.key)), s.color]),
    ['p50 duration', formatDuration(metrics.duration.count ? metrics.duration.p50 : undefined)],
    ['p90 duration', formatDuration(metrics.duration.count ? metrics.duration.p90 : undefined)],
    ['p99 duration', formatDuration(metrics.duration.count ? metrics.duration.p99 : undefined)],
  ];
  return (
    <dl className="cards">
      {cards.map(([label, value, color]) => (
        <div key={label} className="card" data-metric={label}>
          <dt>{label}</dt>
          <dd style={color ? { color } : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Chart({ series }: { series: SeriesPoint[] }) {
  const W = 1000;
  const H = 180;
  const max = Math.max(1, ...series.map((p) => Math.max(p.started, p.succeeded + p.failed + p.timedOut + p.aborted)));
  const bw = series.length ? W / series.length : W;
  const y = (v: number) => H - (v / max) * (H - 10);
  const started = series.map((p, i) => `${i === 0 ? 'M' : 'L'}${i * bw + bw / 2},${y(p.started)}`).join(' ');
  const label = (t: number) => new Date(t).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H + 20}`} role="img" aria-label={`Executions over time: ${series.reduce((n, p) => n + p.started, 0)} started`}>
        <line x1={0} x2={W} y1={H} y2={H} stroke="#dadce0" />
        {series.map((p, i) => {
          let base = H;
          return (
            <g key={p.t}>
              <title>{`${label(p.t)}: ${p.started} started, ${p.succeeded} succeeded, ${p.failed} failed, ${p.timedOut} timed out, ${p.aborted} aborted`}</title>
              {SERIES.map((s) => {
                const h = (p[s.key] / max) * (H - 10);
                base -= h;
                return h > 0 ? <rect key={s.key} x={i * bw + 1} y={base} width={Math.max(1, bw - 2)} height={h} fill={s.color} /> : null;
              })}
            </g>
          );
        })}
        {series.length > 1 && <path d={started} fill="none" stroke="#1a73e8" strokeWidth={2} />}
        <text x={0} y={H + 16} fontSize={12} fill="#5f6368">{series.length ? label(series[0].t) : ''}</text>
        <text x={W} y={H + 16} fontSize={12} fill="#5f6368" textAnchor="end">{series.length ? label(series[series.length - 1].t) : ''}</text>
        <text x={4} y={12} fontSize={12} fill="#5f6368">{max}</text>
      </svg>
      <figcaption className="chart-legend">
        <span><i style={{ background: '#1a73e8' }} />Started</span>
        {SERIES.map((s) => (
          <span key={s.key}><i style={{ background: s.color }} />{s.label}</span>
        ))}
      </figcaption>
    </figure>
  );
}

function Hotspots({ metrics }: { metrics: MetricsResult }) {
  return (
    <section>
      <h2>Failure hotspots</h2>
      <table className="grid hotspots">
        <thead>
          <tr><th scope="col">State</th><th scope="col" className="num">Failures</th><th scope="col" className="num">Retries</th><th scope="col">Top errors (an example execution each)</th></tr>
        </thead>
        <tbody>
          {metrics.hotspots.map((h) => (
            <tr key={h.stateName}>
              <td>{h.stateName}</td>
              <td className="num">{h.failures}</td>
              <td className="num">{h.retries}</td>
              <td>
                {h.topErrors.map((e) => (
                  <div key={e.error}>
                    <code>{e.error}</code> ×{e.count} — <Link to={executionPath(e.exampleExecutionArn)}>{arnName(e.exampleExecutionArn)}</Link>
                  </div>
                ))}
              </td>
            </tr>
          ))}
          {metrics.hotspots.length === 0 && <tr><td colSpan={4} className="empty">No state has failed or retried in this range.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
