/** Every state machine: type, versions, aliases, how it last ran, how busy it has been. */
import { getSummary } from '../api/console.js';
import { useStream } from '../api/stream.js';
import { designerPath, executionPath, Link, machinePath } from '../app/router.js';
import { ErrorNote, StatusBadge, Time, useAsync, useThrottledReload } from '../components/common.js';

export function StateMachinesPage() {
  const summary = useAsync(getSummary, []);
  const soon = useThrottledReload(summary.reload);
  useStream({ execution: soon });
  const machines = summary.data?.stateMachines ?? [];
  return (
    <section>
      <header className="page-head">
        <h1>State machines</h1>
        <Link className="button primary" to={designerPath()}>Create state machine</Link>
      </header>
      <ErrorNote error={summary.error} />
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">Versions</th>
            <th scope="col" className="num">Aliases</th>
            <th scope="col">Last execution</th>
            <th scope="col">Started</th>
            <th scope="col" className="num">Executions, last 24 h</th>
          </tr>
        </thead>
        <tbody>
          {machines.map((m) => (
            <tr key={m.stateMachineArn} data-machine={m.name}>
              <td><Link to={machinePath(m.stateMachineArn)}>{m.name}</Link></td>
              <td>{m.type}</td>
              <td className="num">{m.versions}</td>
              <td className="num">{m.aliases}</td>
              <td>{m.lastExecution ? <Link to={executionPath(m.lastExecution.executionArn)}><StatusBadge status={m.lastExecution.status} /></Link> : <span className="muted">never run</span>}</td>
              <td>{m.lastExecution ? <Time ms={m.lastExecution.startDate} /> : '—'}</td>
              <td className="num">{m.executionsLast24h}</td>
            </tr>
          ))}
          {!summary.loading && machines.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">No state machines yet. Create one here, or with <code>aws stepfunctions create-state-machine --endpoint-url {location.origin}</code>.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
