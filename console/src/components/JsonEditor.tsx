/** A JSON text box that says, as you type, whether (and where) the JSON is wrong. */
import { useId } from 'react';

export function jsonProblem(text: string): string | undefined {
  if (text.trim() === '') return 'Enter a JSON value, such as {}';
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const pos = at ? Number(at[1]) : /end of JSON/.test(message) ? text.length : undefined;
    if (pos === undefined) return message;
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    return `${message.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${column})`;
  }
}

export function JsonEditor({ value, onChange, label, rows = 10, name }: { value: string; onChange: (v: string) => void; label: string; rows?: number; name?: string }) {
  const id = useId();
  const problem = jsonProblem(value);
  const format = () => {
    if (!problem) onChange(JSON.stringify(JSON.parse(value), null, 2));
  };
  return (
    <div className="json-editor">
      <div className="json-editor-head">
        <label htmlFor={id}>{label}</label>
        <button type="button" className="link" onClick={format} disabled={Boolean(problem)}>Format</button>
      </div>
      <textarea
        id={id}
        name={name}
        className={`code${problem ? ' invalid' : ''}`}
        rows={rows}
        spellCheck={false}
        value={value}
        aria-invalid={Boolean(problem)}
        aria-describedby={`${id}-status`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey) {
            // Two spaces, like any code editor; Escape then Tab leaves the box.
            const el = e.currentTarget;
            if (el.dataset.escaped === '1') return;
            e.preventDefault();
            const { selectionStart: s, selectionEnd: t } = el;
            onChange(`${value.slice(0, s)}  ${value.slice(t)}`);
            requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
          }
          e.currentTarget.dataset.escaped = e.key === 'Escape' ? '1' : '0';
        }}
      />
      <div id={`${id}-status`} className={problem ? 'field-error' : 'field-ok'} role="status">
        {problem ? problem : 'Valid JSON'}
      </div>
    </div>
  );
}
