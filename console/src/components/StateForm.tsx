/** The selected state's fields as a form: each change is a new state object for the designer. */
import { useEffect, useId, useState } from 'react';
import { jsonProblem } from './JsonEditor.js';

type Obj = Record<string, unknown>;
type Kind = 'text' | 'number' | 'json';

const PATHS: [string, Kind][] = [['InputPath', 'text'], ['ResultPath', 'text'], ['OutputPath', 'text']];
const ERRORS: [string, Kind][] = [['Retry', 'json'], ['Catch', 'json']];

const FIELDS: Record<string, [string, Kind][]> = {
  Task: [['Resource', 'text'], ['Parameters', 'json'], ['Arguments', 'json'], ['TimeoutSeconds', 'number'], ['HeartbeatSeconds', 'number'], ...PATHS, ...ERRORS],
  Pass: [['Result', 'json'], ['Parameters', 'json'], ...PATHS],
  Wait: [['Seconds', 'number'], ['Timestamp', 'text'], ['SecondsPath', 'text'], ['TimestampPath', 'text'], ['InputPath', 'text'], ['OutputPath', 'text']],
  Choice: [['Choices', 'json'], ['InputPath', 'text'], ['OutputPath', 'text']],
  Parallel: [['Branches', 'json'], ...PATHS, ...ERRORS],
  Map: [['ItemsPath', 'text'], ['MaxConcurrency', 'number'], ['ItemProcessor', 'json'], ['ItemSelector', 'json'], ...PATHS, ...ERRORS],
  Succeed: [['InputPath', 'text'], ['OutputPath', 'text']],
  Fail: [['Error', 'text'], ['Cause', 'text']],
};

export interface StateFormProps {
  name: string;
  state: Obj;
  siblings: string[];
  isStart: boolean;
  onRename: (to: string) => void;
  onChange: (state: Obj) => void;
  onDelete: () => void;
  onMakeStart: () => void;
}

export function StateForm({ name, state, siblings, isStart, onRename, onChange, onDelete, onMakeStart }: StateFormProps) {
  const [newName, setNewName] = useState(name);
  useEffect(() => setNewName(name), [name]);
  const type = String(state.Type);
  const set = (key: string, value: unknown) => {
    const next = { ...state };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const hasNext = !['Choice', 'Succeed', 'Fail'].includes(type);
  const rename = () => newName.trim() && newName !== name && onRename(newName.trim());
  const id = useId();
  return (
    <form className="state-form" aria-label={`State ${name}`} onSubmit={(e) => e.preventDefault()}>
      <h2>
        {type} state {isStart ? <span className="pill">start</span> : <button type="button" className="link" onClick={onMakeStart}>make it the start</button>}
      </h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={newName} onChange={(e) => setNewName(e.target.value)} onBlur={rename} onKeyDown={(e) => e.key === 'Enter' && rename()} maxLength={80} />
      </div>
      <Field label="Comment" kind="text" value={state.Comment} onChange={(v) => set('Comment', v)} />
      {hasNext && (
        <div className="field">
          <label htmlFor={`${id}-next`}>Next</label>
          <select
            id={`${id}-next`}
            value={typeof state.Next === 'string' ? state.Next : ''}
            onChange={(e) => {
              const next = { ...state };
              if (e.target.value) {
                next.Next = e.target.value;
                delete next.End;
              } else {
                delete next.Next;
                next.End = true;
              }
              onChange(next);
            }}
          >
            <option value="">(end of the machine)</option>
            {siblings.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
      )}
      {type === 'Choice' && (
        <div className="field">
          <label htmlFor={`${id}-default`}>Default</label>
          <select id={`${id}-default`} value={typeof state.Default === 'string' ? state.Default : ''} onChange={(e) => set('Default', e.target.value || undefined)}>
            <option value="">(none: no match fails with States.NoChoiceMatched)</option>
            {siblings.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
      )}
      {(FIELDS[type] ?? []).map(([key, kind]) => (
        <Field key={key} label={key} kind={kind} value={state[key]} onChange={(v) => set(key, v)} />
      ))}
      <div className="actions">
        <button type="button" className="danger" onClick={onDelete}>Delete state</button>
      </div>
    </form>
  );
}

function Field({ label, kind, value, onChange }: { label: string; kind: Kind; value: unknown; onChange: (v: unknown) => void }) {
  const id = useId();
  const shown = value === undefined ? '' : kind === 'json' ? JSON.stringify(value, null, 2) : String(value);
  const [text, setText] = useState(shown);
  // Follow the definition when it changes elsewhere (the ASL pane), not while this box is mid-edit.
  useEffect(() => {
    setText((t) => (kind === 'json' && !jsonProblem(t) && JSON.stringify(JSON.parse(t)) === JSON.stringify(value) ? t : shown));
  }, [shown]);
  const problem = kind === 'json' && text.trim() !== '' ? jsonProblem(text) : undefined;
  const commit = (t: string) => {
    setText(t);
    if (t.trim() === '') return onChange(undefined);
    if (kind === 'number') return Number.isFinite(Number(t)) && onChange(Number(t));
    if (kind === 'json') return !jsonProblem(t) && onChange(JSON.parse(t));
    onChange(t);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {kind === 'json' ? (
        <textarea id={id} className={`code${problem ? ' invalid' : ''}`} rows={Math.min(8, Math.max(2, text.split('\n').length))} spellCheck={false} value={text} onChange={(e) => commit(e.target.value)} aria-invalid={Boolean(problem)} />
      ) : (
        <input id={id} type={kind === 'number' ? 'number' : 'text'} value={text} onChange={(e) => commit(e.target.value)} />
      )}
      {problem && <div className="field-error">{problem}</div>}
    </div>
  );
}
