/** StartExecution with a JSON input that is checked as you type. */
import { useState } from 'react';
import { sfn } from '../api/aws.js';
import { executionPath, navigate } from '../app/router.js';
import { ErrorNote } from './common.js';
import { JsonEditor, jsonProblem } from './JsonEditor.js';

export function StartExecution({ stateMachineArn, initialInput = '{}', onClose }: { stateMachineArn: string; initialInput?: string; onClose?: () => void }) {
  const [input, setInput] = useState(initialInput);
  const [name, setName] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await sfn<{ executionArn: string }>('StartExecution', { stateMachineArn, input, ...(name.trim() && { name: name.trim() }) });
      onClose?.();
      navigate(executionPath(r.executionArn));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="panel start-execution"
      aria-label="Start execution"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <h2>Start execution</h2>
      <label className="field">
        Name <span className="muted">(optional; a UUID otherwise)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
      </label>
      <JsonEditor label="Input" value={input} onChange={setInput} rows={8} name="input" />
      <ErrorNote error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || Boolean(jsonProblem(input))}>Start</button>
        {onClose && <button type="button" onClick={onClose}>Cancel</button>}
      </div>
    </form>
  );
}
