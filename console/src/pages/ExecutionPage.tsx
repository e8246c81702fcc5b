/**
 * One execution, live: the graph coloured by each state's outcome, the selected state's input,
 * output, error and attempts, a timeline of every state (branches and iterations nested), the
 * raw history; stop, redrive, or start again with the same input. Events arrive on the SSE
 * stream; while it is down, the page polls.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { executionHistory, sfn, type Execution, type HistoryEvent } from '../api/aws.js';
import { streamIsUp, useStream } from '../api/stream.js';
import { executionPath, Link, machinePath } from '../app/router.js';
import { ErrorNote, Json, StatusBadge, Tabs, Time, useAsync } from '../components/common.js';
import { MapRunChildren, mapRunsOf } from '../components/MapRunChildren.js';
import { StartExecution } from '../components/StartExecution.js';
import { StateGraph, type StateMark } from '../graph/StateGraph.js';
import { STATUS_LABEL, STATUS_MARK } from '../graph/shapes.js';
import {
  deriveExecution,
  eventDetails,
  mapIterations,
  stateSummaries,
  timelineRows,
  type IterationSelection,
  type StateRun,
  type TimelineRow,
} from '../model/execution-state.js';
import { arnName, formatDuration, formatPayload, formatTime, parseTimestamp } from '../model/wire.js';

type Tab = 'graph' | 'timeline' | 'events';

/** Every state name in a definition, nested ones too. */
function stateNames(definition: unknown, out: string[] = []): string[] {
  const d = definition as { States?: Record<string, { Branches?: unknown[]; ItemProcessor?: unknown; Iterator?: unknown }> } | undefined;
  for (const [name, state] of Object.entries(d?.States ?? {})) {
    out.push(name);
    for (const sub of [...(state?.Branches ?? []), state?.ItemProcessor, state?.Iterator]) if (sub) stateNames(sub, out);
  }
  return out;
}

function useHistory(executionArn: string, running: boolean) {
  const [events, setEvents] = useState<HistoryEvent[]>([]);
  const [error, setError] = useState<Error>();
  const byId = useRef(new Map<number, HistoryEvent>());
  const show = () => setEvents([...byId.current.values()].sort((a, b) => a.id - b.id));
  // Merged, not replaced: live events that arrive while the read is under way are newer than it.
  const refetch = () =>
    executionHistory(executionArn).then(
      (all) => {
        for (const e of all) byId.current.set(e.id, e);
        show();
        setError(undefined);
      },
      (e: Error) => setError(e),
    );
  useEffect(() => {
    byId.current = new Map();
    setEvents([]);
    void refetch();
  }, [executionArn]);
  useStream({
    history: ({ executionArn: arn, events: more }) => {
      if (arn !== executionArn) return;
      const max = events.length ? events[events.length - 1].id : 0;
      // An event we never saw before these means we missed some: read the whole history again.
      if (more.length && more[0].id > max + 1 && !byId.current.has(more[0].id - 1)) return void refetch();
      for (const e of more) byId.current.set(e.id, e);
      show();
    },
    connection: (up) => {
      if (up) void refetch();
    },
  });
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => {
      if (!streamIsUp()) void refetch();
    }, 2000);
    return () => clearInterval(t);
  }, [running, executionArn]);
  return { events, error, refetch };
}

export function ExecutionPage({ arn }: { arn: string }) {
  const exec = useAsync(() => sfn<Execution>('DescribeExecution', { executionArn: arn }), [arn]);
  const machine = useAsync(() => sfn<{ definition: string }>('DescribeStateMachineForExecution', { executionArn: arn }), [arn]);
  const running = exec.data?.status === 'RUNNING' || exec.data === undefined;
  const history = useHistory(arn, running);
  useStream({
    execution: (c) => {
      if (c.executionArn !== arn) return;
      exec.reload();
      // The history's last events and the status change travel apart; read it whole at the end.
      if (c.status !== 'RUNNING') void history.refetch();
    },
  });
  const [tab, setTab] = useState<Tab>('graph');
  const [selected, setSelected] = useState<string>();
  const [iterations, setIterations] = useState<IterationSelection>({});
  const [restarting, setRestarting] = useState(false);
  const [actionError, setActionError] = useState<Error>();

  const definition = useMemo(() => {
    try {
      return machine.data ? (JSON.parse(machine.data.definition) as unknown) : undefined;
    } catch {
      return undefined;
    }
  }, [machine.data]);
  const view = useMemo(() => deriveExecution(history.events, { definition }), [history.events, definition]);
  const summaries = useMemo(() => stateSummaries(view, iterations), [view, iterations]);
  const statuses = useMemo(() => {
    const marks = new Map<string, StateMark>();
    for (const name of stateNames(definition)) marks.set(name, { status: 'notReached' });
    for (const [name, s] of summaries) marks.set(name, { status: s.status, runs: s.runs, retries: s.retries });
    return marks;
  }, [summaries, definition]);
  const maps = useMemo(() => mapIterations(view), [view]);
  const mapRuns = useMemo(() => mapRunsOf(history.events), [history.events]);

  // The execution's status as the history tells it can be ahead of DescribeExecution's.
  useEffect(() => {
    if (exec.data && view.status !== 'RUNNING' && exec.data.status === 'RUNNING') exec.reload();
  }, [view.status]);

  const act = async (action: 'StopExecution' | 'RedriveExecution') => {
    setActionError(undefined);
    try {
      await sfn(action, { executionArn: arn, ...(action === 'StopExecution' && { error: 'Stopped', cause: 'Stopped from the Stepwise console' }) });
      exec.reload();
      void history.refetch();
    } catch (e) {
      setActionError(e as Error);
    }
  };

  const e = exec.data;
  const status = e?.status;
  const selectedSummary = selected ? summaries.get(selected) : undefined;
  const end = e?.stopDate ? parseTimestamp(e.stopDate) : view.end;

  return (
    <section>
      <header className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/">State machines</Link> / {e && <Link to={machinePath(e.stateMachineArn.replace(/\/[^/:]*$/, ''))}>{arnName(e.stateMachineArn)}</Link>} /
            {e?.mapRunArn && <ParentLink mapRunArn={e.mapRunArn} />}
          </p>
          <h1>
            {arnName(arn)} <StatusBadge status={status} />
          </h1>
          {e && (
            <p className="muted">
              Started <Time ms={e.startDate} /> · {e.stopDate ? <>ended <Time ms={e.stopDate} /> · </> : null}
              duration {formatDuration((end ?? Date.now()) - parseTimestamp(e.startDate))}
              {e.redriveCount ? ` · redriven ${e.redriveCount}×` : ''}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="button" disabled={status !== 'RUNNING'} onClick={() => act('StopExecution')}>Stop</button>
          <button type="button" disabled={!status || !['FAILED', 'TIMED_OUT', 'ABORTED'].includes(status)} onClick={() => act('RedriveExecution')} title={e?.redriveStatusReason}>
            Redrive
          </button>
          <button type="button" className="primary" disabled={!e} onClick={() => setRestarting(true)}>Start again with this input</button>
        </div>
      </header>
      <ErrorNote error={exec.error ?? history.error} />
      <ErrorNote error={actionError} />
      {restarting && e && <StartExecution stateMachineArn={e.stateMachineArn} initialInput={formatPayload(e.input ?? '{}')} onClose={() => setRestarting(false)} />}
      {e?.error && (
        <div className="error-note execution-error" role="alert">
          <strong>{e.error}</strong>{' '}
          {e.cause && e.cause.length > 160 ? (
            <details>
              <summary>{e.cause.slice(0, 160)}…</summary>
              <pre className="cause">{formatPayload(e.cause)}</pre>
            </details>
          ) : (
            e.cause
          )}
        </div>
      )}
      <Tabs<Tab> label="Execution" active={tab} onChange={setTab} tabs={[['graph', 'Graph'], ['timeline', 'Timeline'], ['events', `Events (${history.events.length})`]]} />
      {maps.size > 0 && tab !== 'events' && (
        <div className="iteration-picker" role="group" aria-label="Map iterations">
          {[...maps].map(([name, frames]) => (
            <label key={name}>
              {name}:{' '}
              <select
                value={iterations[name] ?? ''}
                onChange={(ev) => setIterations((s) => ({ ...s, [name]: ev.target.value === '' ? undefined : Number(ev.target.value) }))}
              >
                <option value="">all {frames.length} iterations</option>
                {frames.map((f) => (
                  <option key={f.key} value={f.index}>
                    iteration {f.index} — {STATUS_LABEL[f.status].toLowerCase()}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      )}
      {tab === 'graph' && (
        <div className="split">
          <div className="split-main">
            {definition !== undefined && <StateGraph definition={definition} statuses={statuses} selected={selected} onSelect={setSelected} exportName={arnName(arn)} height={560} />}
          </div>
          <aside className="split-side" aria-label={selected ? `State ${selected}` : 'Execution input and output'}>
            {selectedSummary ? (
              <RunDetails run={selectedSummary.latest} runs={selectedSummary.runs} />
            ) : selected ? (
              <p className="muted">{selected} has not run{iterations && Object.values(iterations).some((v) => v !== undefined) ? ' in the chosen iteration' : ''}.</p>
            ) : (
              <ExecutionIO execution={e} />
            )}
          </aside>
        </div>
      )}
      {tab === 'timeline' && (
        <Timeline
          rows={timelineRows(view, iterations)}
          start={view.start ?? 0}
          end={end ?? Date.now()}
          onPick={(row) => {
            if (row.run) {
              setSelected(row.run.name);
              setTab('graph');
            } else if (row.frame?.kind === 'iteration' && row.frame.owner) {
              setIterations((s) => ({ ...s, [row.frame!.owner!]: row.frame!.index }));
            }
          }}
        />
      )}
      {tab === 'events' && <EventsTable events={history.events} />}
      <MapRunChildren mapRunArns={mapRuns} />
    </section>
  );
}

/** A child execution's way back: the execution whose Map Run started it. */
function ParentLink({ mapRunArn }: { mapRunArn: string }) {
  const run = useAsync(() => sfn<{ executionArn: string }>('DescribeMapRun', { mapRunArn }), [mapRunArn]);
  return run.data ? <> child of <Link to={executionPath(run.data.executionArn)}>{arnName(run.data.executionArn)}</Link> /</> : null;
}

function ExecutionIO({ execution }: { execution?: Execution }) {
  if (!execution) return null;
  return (
    <div>
      <h2>Execution input</h2>
      <Json value={formatPayload(execution.input)} label="Execution input" />
      {execution.output !== undefined && (
        <>
          <h2>Execution output</h2>
          <Json value={formatPayload(execution.output)} label="Execution output" />
        </>
      )}
      <p className="muted">Select a state in the graph (click it, or Tab to it and press Enter) to see what it did.</p>
    </div>
  );
}

function RunDetails({ run, runs }: { run: StateRun; runs: number }) {
  const where = [];
  for (let f = run.frame; f && f.kind !== 'root'; f = f.parent!) where.unshift(`${f.owner} ${f.label.toLowerCase()}`);
  return (
    <div className="run-details" data-testid="state-details">
      <h2>
        <span aria-hidden>{STATUS_MARK[run.status]} </span>
        {run.name} <span className={`status st-${run.status}`}>{STATUS_LABEL[run.status]}</span>
      </h2>
      <dl className="facts">
        <dt>Type</dt>
        <dd>{run.stateType}</dd>
        {where.length > 0 && (
          <>
            <dt>In</dt>
            <dd>{where.join(' › ')}</dd>
          </>
        )}
        <dt>Entered</dt>
        <dd>{formatTime(run.start)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration((run.end ?? Date.now()) - run.start)}{run.end === undefined ? ' so far' : ''}</dd>
        {runs > 1 && (
          <>
            <dt>Runs</dt>
            <dd>{runs} (showing the latest)</dd>
          </>
        )}
      </dl>
      {(run.error || run.cause) && (
        <div className="error-note" role="alert">
          <strong>{run.error}</strong>
          {run.cause && <pre className="cause">{formatPayload(run.cause)}</pre>}
        </div>
      )}
      {run.attempts.length > 1 && (
        <>
          <h3>Attempts ({run.retries} retr{run.retries === 1 ? 'y' : 'ies'})</h3>
          <table className="grid compact">
            <thead>
              <tr><th scope="col">#</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Error</th></tr>
            </thead>
            <tbody>
              {run.attempts.map((a, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{formatTime(a.start)}</td>
                  <td>{a.end ? formatDuration(a.end - a.start) : '—'}</td>
                  <td title={a.cause}>{a.error ?? 'succeeded'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Input</h3>
      <Json value={formatPayload(run.input)} label={`${run.name} input`} />
      <h3>Output</h3>
      <Json value={run.output === undefined ? '' : formatPayload(run.output)} label={`${run.name} output`} />
    </div>
  );
}

function Timeline({ rows, start, end, onPick }: { rows: TimelineRow[]; start: number; end: number; onPick: (row: TimelineRow) => void }) {
  const span = Math.max(1, end - start);
  return (
    <table className="grid timeline">
      <thead>
        <tr>
          <th scope="col">State</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">Started at</th>
          <th scope="col" className="num">Duration</th>
          <th scope="col" className="bar-col">Timeline</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const left = ((r.start - start) / span) * 100;
          const width = Math.max(0.4, (((r.end ?? end) - r.start) / span) * 100);
          return (
            <tr key={r.key} className={`row-${r.kind}`}>
              <td style={{ paddingLeft: 8 + r.depth * 18 }}>
                {r.kind === 'more' ? (
                  <span className="muted">{r.label}</span>
                ) : (
                  <button type="button" className="link" onClick={() => onPick(r)}>
                    {r.label}
                  </button>
                )}
              </td>
              <td>{r.kind !== 'more' && <span className={`status st-${r.status}`}>{STATUS_MARK[r.status]} {STATUS_LABEL[r.status]}</span>}</td>
              <td className="num">{r.kind !== 'more' ? `+${formatDuration(r.start - start)}` : ''}</td>
              <td className="num">{r.kind !== 'more' ? formatDuration((r.end ?? end) - r.start) : ''}</td>
              <td className="bar-col">
                {r.kind !== 'more' && <span className={`bar st-${r.status}`} style={{ marginLeft: `${Math.min(left, 99.6)}%`, width: `${Math.min(width, 100 - left)}%` }} />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function EventsTable({ events }: { events: HistoryEvent[] }) {
  const [limit, setLimit] = useState(500);
  return (
    <>
      <table className="grid events">
        <thead>
          <tr><th scope="col" className="num">ID</th><th scope="col">Type</th><th scope="col">Step</th><th scope="col">Time</th><th scope="col">Details</th></tr>
        </thead>
        <tbody>
          {events.slice(0, limit).map((ev) => {
            const details = eventDetails(ev);
            return (
              <tr key={ev.id}>
                <td className="num">{ev.id}</td>
                <td>{ev.type}</td>
                <td>{details && typeof details.name === 'string' ? details.name : ''}</td>
                <td>{formatTime(parseTimestamp(ev.timestamp))}</td>
                <td>
                  {details && (
                    <details>
                      <summary>{summarize(details)}</summary>
                      <pre className="json">{JSON.stringify(Object.fromEntries(Object.entries(details).map(([k, v]) => [k, k === 'input' || k === 'output' ? tryParse(v) : v])), null, 2)}</pre>
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {events.length > limit && (
        <button type="button" onClick={() => setLimit((l) => l + 500)}>Show 500 more of {events.length - limit}</button>
      )}
    </>
  );
}

const tryParse = (v: unknown) => (typeof v === 'string' ? (() => { try { return JSON.parse(v) as unknown; } catch { return v; } })() : v);

function summarize(details: Record<string, unknown>): string {
  if (details.error) return `${String(details.error)}${details.cause ? `: ${String(details.cause).slice(0, 80)}` : ''}`;
  const payload = details.output ?? details.input ?? details.resource;
  return payload === undefined ? Object.keys(details).join(', ') : String(payload).slice(0, 100);
}
