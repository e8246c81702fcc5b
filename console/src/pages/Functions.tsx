/**
 * Lambda functions: the list, one function's configuration, a test invoke with the result and
 * the log tail (`X-Amz-Log-Type: Tail`), and the invocations made from this browser. The Lambda
 * API has no "recent invocations" or log-reading action, so the history here is what this
 * console has invoked; `stepwise logs <function>` prints the whole log.
 */
import { useEffect, useState } from 'react';
import { getFunction, invokeFunction, listFunctions, type InvokeResult } from '../api/lambda.js';
import { functionPath, Link } from '../app/router.js';
import { ErrorNote, Json, Time, useAsync } from '../components/common.js';
import { JsonEditor, jsonProblem } from '../components/JsonEditor.js';
import { formatDuration, formatPayload, formatTime } from '../model/wire.js';

export function FunctionsPage() {
  const fns = useAsync(listFunctions, []);
  return (
    <section>
      <header className="page-head">
        <h1>Functions</h1>
      </header>
      <ErrorNote error={fns.error} />
      <table className="grid">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Runtime</th><th scope="col">Handler</th><th scope="col" className="num">Memory</th><th scope="col" className="num">Timeout</th><th scope="col">Last modified</th></tr>
        </thead>
        <tbody>
          {(fns.data ?? []).map((f) => (
            <tr key={f.FunctionArn} data-function={f.FunctionName}>
              <td><Link to={functionPath(f.FunctionName)}>{f.FunctionName}</Link></td>
              <td>{f.Runtime ?? f.PackageType}</td>
              <td><code>{f.Handler}</code></td>
              <td className="num">{f.MemorySize} MB</td>
              <td className="num">{f.Timeout} s</td>
              <td>{f.LastModified ? formatTime(Date.parse(f.LastModified)) : '—'}</td>
            </tr>
          ))}
          {fns.data?.length === 0 && <tr><td colSpan={6} className="empty">No functions. <code>stepwise serve --functions ./functions</code> registers a folder's handlers; <code>aws lambda create-function</code> works too.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}

interface Invocation extends InvokeResult {
  at: number;
  event: string;
  error?: string;
}

const storageKey = (name: string) => `stepwise.invocations.${name}`;

function loadInvocations(name: string): Invocation[] {
  try {
    return JSON.parse(sessionStorage.getItem(storageKey(name)) ?? '[]') as Invocation[];
  } catch {
    return [];
  }
}

export function FunctionPage({ name }: { name: string }) {
  const fn = useAsync(() => getFunction(name), [name]);
  const [event, setEvent] = useState('{\n  "hello": "world"\n}');
  const [busy, setBusy] = useState(false);
  const [invocations, setInvocations] = useState<Invocation[]>(() => loadInvocations(name));
  useEffect(() => setInvocations(loadInvocations(name)), [name]);
  const last = invocations[0];

  const invoke = async () => {
    setBusy(true);
    let inv: Invocation;
    try {
      inv = { ...(await invokeFunction(name, event)), at: Date.now(), event };
    } catch (e) {
      inv = { statusCode: 0, payload: '', logTail: '', durationMs: 0, at: Date.now(), event, error: `${(e as Error).name}: ${(e as Error).message}` };
    }
    const next = [inv, ...invocations].slice(0, 50);
    setInvocations(next);
    sessionStorage.setItem(storageKey(name), JSON.stringify(next));
    setBusy(false);
  };

  const c = fn.data?.Configuration;
  return (
    <section>
      <header className="page-head">
        <div>
          <p className="crumbs"><Link to="/functions">Functions</Link> /</p>
          <h1>{name}</h1>
          {c && <p className="muted"><code>{c.FunctionArn}</code></p>}
        </div>
      </header>
      <ErrorNote error={fn.error} />
      <div className="two-col">
        <section>
          <h2>Configuration</h2>
          {c && (
            <dl className="facts">
              <dt>Runtime</dt><dd>{c.Runtime ?? c.PackageType}</dd>
              <dt>Handler</dt><dd><code>{c.Handler}</code></dd>
              <dt>Memory</dt><dd>{c.MemorySize} MB</dd>
              <dt>Timeout</dt><dd>{c.Timeout} s</dd>
              <dt>State</dt><dd>{c.State ?? '—'}</dd>
              <dt>Code size</dt><dd>{c.CodeSize?.toLocaleString()} bytes</dd>
              <dt>Last modified</dt><dd>{c.LastModified ? formatTime(Date.parse(c.LastModified)) : '—'}</dd>
              {c.Description && (<><dt>Description</dt><dd>{c.Description}</dd></>)}
              <dt>Environment</dt>
              <dd>{Object.keys(c.Environment?.Variables ?? {}).length ? Object.entries(c.Environment!.Variables!).map(([k, v]) => <div key={k}><code>{k}={v}</code></div>) : '—'}</dd>
            </dl>
          )}
        </section>
        <section>
          <h2>Test</h2>
          <form onSubmit={(e) => { e.preventDefault(); void invoke(); }}>
            <JsonEditor label="Test event" value={event} onChange={setEvent} rows={8} />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy || Boolean(jsonProblem(event))}>{busy ? 'Invoking…' : 'Invoke'}</button>
            </div>
          </form>
          {last && (
            <div className="invoke-result" data-testid="invoke-result">
              <h3>
                Result {last.error || last.functionError ? <span className="status failed">{last.functionError ? `Error (${last.functionError})` : 'Error'}</span> : <span className="status succeeded">Succeeded</span>}{' '}
                <span className="muted">in {formatDuration(last.durationMs)}</span>
              </h3>
              {last.error ? <ErrorNote error={last.error} /> : <Json value={formatPayload(last.payload)} label="Result" />}
              <h3>Log tail</h3>
              <pre className="log">{last.logTail || '—'}</pre>
            </div>
          )}
        </section>
      </div>
      <section>
        <h2>Invocations from this console</h2>
        <table className="grid">
          <thead>
            <tr><th scope="col">When</th><th scope="col" className="num">Duration</th><th scope="col">Outcome</th><th scope="col">Billed (from REPORT)</th></tr>
          </thead>
          <tbody>
            {invocations.map((inv) => (
              <tr key={inv.at}>
                <td><Time ms={inv.at} /></td>
                <td className="num">{formatDuration(inv.durationMs)}</td>
                <td>{inv.error ?? (inv.functionError ? `${inv.functionError} error: ${errorType(inv.payload)}` : 'Succeeded')}</td>
                <td>{/Billed Duration: [\d.]+ ms/.exec(inv.logTail)?.[0] ?? '—'}</td>
              </tr>
            ))}
            {invocations.length === 0 && <tr><td colSpan={4} className="empty">Not invoked from here yet.</td></tr>}
          </tbody>
        </table>
        <h2>Logs</h2>
        <pre className="log" aria-label="Logs of the invocations above">{invocations.slice().reverse().map((i) => i.logTail).filter(Boolean).join('\n') || '—'}</pre>
      </section>
    </section>
  );
}

function errorType(payload: string): string {
  try {
    const p = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
    return [p.errorType, p.errorMessage].filter(Boolean).join(': ');
  } catch {
    return payload.slice(0, 80);
  }
}
