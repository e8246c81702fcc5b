/** Small pieces every page uses: loading data, statuses, errors, tabs, times. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { formatTime, parseTimestamp } from '../model/wire.js';

/** Refetches at most once every `ms` however many live changes arrive. */
export function useThrottledReload(reload: () => void, ms = 1000): () => void {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      reload();
    }, ms);
  };
}

export interface Async<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/** Loads with `load` whenever `deps` change; `reload` fetches again keeping the data shown meanwhile. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const run = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: unknown) => mine === seq.current && setState((s) => ({ data: s.data, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
  }, []);
  // The caller names what the load depends on: the loader itself is a new closure every render.
  useEffect(run, deps);
  return { ...state, reload: run };
}

const STATUS_CLASS: Record<string, string> = {
  RUNNING: 'running', SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'failed', ABORTED: 'aborted', PENDING_REDRIVE: 'running',
};

export function StatusBadge({ status }: { status?: string }) {
  if (!status) return <span className="status none">—</span>;
  return <span className={`status ${STATUS_CLASS[status] ?? 'none'}`}>{status.replace('_', ' ')}</span>;
}

export function ErrorNote({ error, title }: { error?: Error | string; title?: string }) {
  if (!error) return null;
  const e = typeof error === 'string' ? new Error(error) : error;
  return (
    <div className="error-note" role="alert">
      <strong>{title ?? (e.name && e.name !== 'Error' ? e.name : 'Error')}</strong> {e.message}
    </div>
  );
}

/** A date from any of our APIs (epoch seconds or ms). */
export function Time({ ms }: { ms?: number }) {
  const t = parseTimestamp(ms);
  if (!Number.isFinite(t)) return <span>—</span>;
  return <time dateTime={new Date(t).toISOString()}>{formatTime(t)}</time>;
}

export function Tabs<K extends string>({ tabs, active, onChange, label }: { tabs: [K, ReactNode][]; active: K; onChange: (k: K) => void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map(([key, text]) => (
        <button
          key={key}
          type="button"
          role="tab"
          aria-selected={active === key}
          className={active === key ? 'active' : ''}
          onClick={() => onChange(key)}
          onKeyDown={(e) => {
            const i = tabs.findIndex(([k]) => k === key);
            if (e.key === 'ArrowRight') onChange(tabs[(i + 1) % tabs.length][0]);
            if (e.key === 'ArrowLeft') onChange(tabs[(i - 1 + tabs.length) % tabs.length][0]);
          }}
        >
          {text}
        </button>
      ))}
    </div>
  );
}

export function Json({ value, label }: { value: string; label?: string }) {
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      {value || '—'}
    </pre>
  );
}
