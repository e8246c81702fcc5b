/**
 * Executions, newest first, a page at a time from `/console/api/executions` (index-backed, so
 * page 1,000 costs what page 1 does): status filter, name search, time range, cursor paging.
 * The first page refreshes itself as executions change.
 */
import { useEffect, useState } from 'react';
import { EXECUTION_STATUSES, listExecutionRows, type ExecutionsQuery, type ExecutionStatus } from '../api/console.js';
import { useStream } from '../api/stream.js';
import { executionPath, Link, machinePath } from '../app/router.js';
import { arnName, formatDuration } from '../model/wire.js';
import { ErrorNote, StatusBadge, Time, useAsync, useThrottledReload } from './common.js';

const PAGE = 100;

const toInput = (ms?: number) => (ms === undefined ? '' : new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
const fromInput = (v: string) => (v ? new Date(v).getTime() : undefined);

export function ExecutionsTable({ stateMachineArn, showMachine = !stateMachineArn }: { stateMachineArn?: string; showMachine?: boolean }) {
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const [nameInput, setNameInput] = useState('');
  const [name, setName] = useState('');
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;

  useEffect(() => {
    const t = setTimeout(() => setName(nameInput.trim()), 250);
    return () => clearTimeout(t);
  }, [nameInput]);
  useEffect(() => setCursors([undefined]), [status, name, from, to, stateMachineArn]);

  const query: ExecutionsQuery = { stateMachineArn, status: status || undefined, name, from, to, limit: PAGE, cursor: cursors[page] };
  const rows = useAsync(() => listExecutionRows(query), [stateMachineArn, status, name, from, to, cursors[page]]);
  const soon = useThrottledReload(rows.reload, 1000);
  useStream({
    execution: (c) => {
      if (page === 0 && (!stateMachineArn || c.stateMachineArn === stateMachineArn)) soon();
    },
  });
  const list = rows.data?.executions ?? [];
  const next = rows.data?.nextCursor;
  const total = rows.data?.total;

  return (
    <div className="executions">
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter executions">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as ExecutionStatus | '')}>
            <option value="">Any</option>
            {EXECUTION_STATUSES.map((s) => (
              <option key={s} value={s}>{s.replace('_', ' ')}</option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input type="search" placeholder="name or part of it" value={nameInput} onChange={(e) => setNameInput(e.target.value)} />
        </label>
        <label>
          Started after
          <input type="datetime-local" value={toInput(from)} onChange={(e) => setFrom(fromInput(e.target.value))} />
        </label>
        <label>
          Started before
          <input type="datetime-local" value={toInput(to)} onChange={(e) => setTo(fromInput(e.target.value))} />
        </label>
        <span className="count" role="status">
          {rows.loading ? 'Loading…' : total !== undefined ? `${total.toLocaleString()} execution${total === 1 ? '' : 's'}` : `${list.length} shown`}
        </span>
      </form>
      <ErrorNote error={rows.error} />
      <table className="grid" aria-busy={rows.loading}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {showMachine && <th scope="col">State machine</th>}
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col" className="num">Duration</th>
            <th scope="col" className="num">Redrives</th>
          </tr>
        </thead>
        <tbody>
          {list.map((x) => (
            <tr key={x.executionArn} data-execution={x.name}>
              <td><Link to={executionPath(x.executionArn)}>{x.name}</Link></td>
              {showMachine && <td><Link to={machinePath(x.stateMachineArn)}>{arnName(x.stateMachineArn)}</Link></td>}
              <td><StatusBadge status={x.status} /></td>
              <td><Time ms={x.startDate} /></td>
              <td><Time ms={x.stopDate} /></td>
              <td className="num">{x.stopDate ? formatDuration(x.stopDate - x.startDate) : '—'}</td>
              <td className="num">{x.redriveCount || ''}</td>
            </tr>
          ))}
          {!rows.loading && list.length === 0 && (
            <tr>
              <td colSpan={showMachine ? 7 : 6} className="empty">No executions match.</td>
            </tr>
          )}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page === 0} onClick={() => setCursors([undefined])}>First</button>
        <button type="button" disabled={page === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</button>
        <span>Page {page + 1}</span>
        <button type="button" disabled={!next} onClick={() => setCursors((c) => [...c, next])}>Next</button>
      </nav>
    </div>
  );
}
