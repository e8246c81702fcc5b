/** Tasks paused on a task token, waiting for a person: approve (SendTaskSuccess) or reject (SendTaskFailure). */
import { useState } from 'react';
import { sfn } from '../api/aws.js';
import { getInbox, type InboxTask } from '../api/console.js';
import { useStream } from '../api/stream.js';
import { executionPath, Link } from '../app/router.js';
import { ErrorNote, Json, Time, useAsync, useThrottledReload } from '../components/common.js';
import { JsonEditor, jsonProblem } from '../components/JsonEditor.js';

export function InboxPage() {
  const inbox = useAsync(getInbox, []);
  const soon = useThrottledReload(inbox.reload, 500);
  useStream({ execution: soon, history: (h) => h.events.some((e) => /Scheduled|Submitted|Succeeded|Failed|TimedOut/.test(e.type)) && soon() });
  const tasks = inbox.data?.tasks ?? [];
  return (
    <section>
      <header className="page-head">
        <h1>Waiting for people</h1>
        <span className="muted" role="status">{inbox.loading && !inbox.data ? 'Loading…' : `${tasks.length} task${tasks.length === 1 ? '' : 's'} waiting`}</span>
      </header>
      <ErrorNote error={inbox.error} />
      {tasks.length === 0 && !inbox.loading && <p className="empty">Nothing is waiting on a task token.</p>}
      <ul className="inbox">
        {tasks.map((t) => (
          <li key={t.taskToken}>
            <TaskCard task={t} onDone={inbox.reload} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function TaskCard({ task, onDone }: { task: InboxTask; onDone: () => void }) {
  const [result, setResult] = useState('{\n  "approved": true\n}');
  const [error, setError] = useState('Rejected');
  const [cause, setCause] = useState('');
  const [failure, setFailure] = useState<Error>();
  const [sent, setSent] = useState<string>();
  const send = async (action: 'SendTaskSuccess' | 'SendTaskFailure') => {
    setFailure(undefined);
    try {
      await sfn(action, action === 'SendTaskSuccess' ? { taskToken: task.taskToken, output: result } : { taskToken: task.taskToken, error, cause });
      setSent(action === 'SendTaskSuccess' ? 'Approved' : 'Rejected');
      onDone();
    } catch (e) {
      setFailure(e as Error);
    }
  };
  const payload = JSON.stringify(task.input, null, 2);
  return (
    <article className="panel task" aria-label={`${task.stateName} of ${task.executionName}`} data-task={task.stateName}>
      <header>
        <h2>{task.stateName}</h2>
        <p className="muted">
          <Link to={executionPath(task.executionArn)}>{task.executionName}</Link> · waiting since <Time ms={task.scheduledAt} />
          {task.timeoutSeconds ? ` · times out after ${task.timeoutSeconds} s` : ''}
          {task.heartbeatSeconds ? ` · heartbeat every ${task.heartbeatSeconds} s` : ''}
        </p>
        <p className="muted small"><code>{task.resource}</code></p>
      </header>
      <div className="two-col">
        <div>
          <h3>Payload</h3>
          <Json value={payload} label="Task payload" />
        </div>
        <div>
          <JsonEditor label="Result (sent with Approve)" value={result} onChange={setResult} rows={5} />
          <div className="actions">
            <button type="button" className="primary" disabled={Boolean(jsonProblem(result)) || Boolean(sent)} onClick={() => send('SendTaskSuccess')}>Approve</button>
          </div>
          <fieldset className="reject">
            <legend>Reject</legend>
            <label className="field">Error <input value={error} onChange={(e) => setError(e.target.value)} maxLength={256} /></label>
            <label className="field">Cause <input value={cause} onChange={(e) => setCause(e.target.value)} /></label>
            <button type="button" className="danger" disabled={Boolean(sent)} onClick={() => send('SendTaskFailure')}>Reject</button>
          </fieldset>
          {sent && <p role="status" className="field-ok">{sent}.</p>}
          <ErrorNote error={failure} />
        </div>
      </div>
    </article>
  );
}
