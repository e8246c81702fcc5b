/**
 * The designer: drag states from the palette (or press a palette button), connect them on the
 * canvas, edit the selected state in a form; the ASL beside it follows every edit, and editing
 * the ASL redraws the graph. ValidateStateMachineDefinition's diagnostics appear on the states
 * they are about. Saves with UpdateStateMachine (optionally publishing a version) or creates a
 * new machine.
 */
import { useEffect, useMemo, useState } from 'react';
import { sfn, type Diagnostic, type StateMachine } from '../api/aws.js';
import { machinePath, navigate } from '../app/router.js';
import { ErrorNote, useAsync } from '../components/common.js';
import { jsonProblem } from '../components/JsonEditor.js';
import { StateForm } from '../components/StateForm.js';
import { StateGraph } from '../graph/StateGraph.js';
import { addState, connect, deleteState, emptyDefinition, machineOf, renameState, replaceState, stateOfLocation, STATE_TYPES, type Machine, type StateType } from '../model/definition-edit.js';
import { arnName } from '../model/wire.js';

const pretty = (d: unknown) => JSON.stringify(d, null, 2);

export function DesignerPage({ arn }: { arn?: string }) {
  const existing = useAsync(() => (arn ? sfn<StateMachine>('DescribeStateMachine', { stateMachineArn: arn }) : Promise.resolve(undefined)), [arn]);
  const [definition, setDefinition] = useState<Machine>(emptyDefinition);
  const [text, setText] = useState(() => pretty(emptyDefinition()));
  const [selected, setSelected] = useState<string>();
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [editError, setEditError] = useState<string>();
  const [saveError, setSaveError] = useState<Error>();
  const [saved, setSaved] = useState<string>();
  const [name, setName] = useState('');
  const [versionNote, setVersionNote] = useState('');

  useEffect(() => {
    if (!existing.data) return;
    try {
      const d = JSON.parse(existing.data.definition) as Machine;
      setDefinition(d);
      setText(pretty(d));
    } catch {
      setText(existing.data.definition);
    }
  }, [existing.data]);

  /** An edit from the canvas or the form: the ASL text follows. */
  const apply = (edit: () => Machine) => {
    try {
      const d = edit();
      setDefinition(d);
      setText(pretty(d));
      setEditError(undefined);
      setSaved(undefined);
    } catch (e) {
      setEditError((e as Error).message);
    }
  };

  /** An edit of the ASL text: the graph follows whenever the text is JSON. */
  const onText = (value: string) => {
    setText(value);
    setSaved(undefined);
    if (jsonProblem(value)) return;
    const d = JSON.parse(value) as Machine;
    if (d && typeof d === 'object' && !Array.isArray(d)) setDefinition({ ...d, States: d.States ?? {} });
  };

  useEffect(() => {
    const problem = jsonProblem(text);
    if (problem) {
      setDiagnostics([{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: problem }]);
      return;
    }
    const t = setTimeout(() => {
      sfn<{ diagnostics: Diagnostic[] }>('ValidateStateMachineDefinition', { definition: text, severity: 'WARNING' }).then(
        (r) => setDiagnostics(r.diagnostics),
        (e: Error) => setDiagnostics([{ severity: 'ERROR', code: e.name, message: e.message }]),
      );
    }, 300);
    return () => clearTimeout(t);
  }, [text]);

  const problems = useMemo(() => {
    const byState = new Map<string, string[]>();
    for (const d of diagnostics) {
      const state = stateOfLocation(d.location);
      if (state) byState.set(state, [...(byState.get(state) ?? []), `${d.code}: ${d.message}`]);
    }
    return byState;
  }, [diagnostics]);
  const errors = diagnostics.filter((d) => d.severity === 'ERROR');

  const add = (type: StateType) =>
    apply(() => {
      const r = addState(definition, type);
      setSelected(r.name);
      return r.definition;
    });

  const save = async (publish: boolean) => {
    setSaveError(undefined);
    try {
      if (arn) {
        const r = await sfn<{ stateMachineVersionArn?: string }>('UpdateStateMachine', { stateMachineArn: arn, definition: text, ...(publish && { publish: true, ...(versionNote && { versionDescription: versionNote }) }) });
        setSaved(publish && r.stateMachineVersionArn ? `Saved and published as version ${arnName(r.stateMachineVersionArn)}` : 'Saved');
        existing.reload();
      } else {
        const r = await sfn<{ stateMachineArn: string }>('CreateStateMachine', {
          name: name.trim(),
          definition: text,
          roleArn: 'arn:aws:iam::123456789012:role/stepwise-console',
          ...(publish && { publish: true, ...(versionNote && { versionDescription: versionNote }) }),
        });
        navigate(machinePath(r.stateMachineArn));
      }
    } catch (e) {
      setSaveError(e as Error);
    }
  };

  const selectedState = selected ? machineOf(definition, selected)?.States[selected] : undefined;
  const siblings = selected ? Object.keys(machineOf(definition, selected)?.States ?? {}).filter((n) => n !== selected) : [];

  return (
    <section className="designer">
      <header className="page-head">
        <h1>{arn ? `Design ${arnName(arn)}` : 'New state machine'}</h1>
        <div className="actions">
          {!arn && (
            <label className="inline">
              Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="MyStateMachine" aria-label="State machine name" maxLength={80} />
            </label>
          )}
          <label className="inline">
            Version note <input value={versionNote} onChange={(e) => setVersionNote(e.target.value)} placeholder="optional" aria-label="Version description" />
          </label>
          <button type="button" className="primary" disabled={errors.length > 0 || (!arn && !name.trim())} onClick={() => save(false)}>{arn ? 'Save' : 'Create'}</button>
          <button type="button" disabled={errors.length > 0 || (!arn && !name.trim())} onClick={() => save(true)}>{arn ? 'Save and publish version' : 'Create and publish version'}</button>
        </div>
      </header>
      <p className="muted hint">Drag a state onto the canvas (or press its button), connect a state's lower handle to another state, and edit the selected state on the right.</p>
      <ErrorNote error={existing.error ?? saveError} />
      {saved && <p className="field-ok" role="status">{saved}.</p>}
      <div className="designer-body">
        <nav className="palette" aria-label="States palette">
          <h2>States</h2>
          {STATE_TYPES.map((type) => (
            <button
              key={type}
              type="button"
              className={`palette-item t-${type}`}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData('application/x-stepwise-state', type);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => add(type)}
              data-palette={type}
            >
              {type}
            </button>
          ))}
        </nav>
        <div className="designer-canvas">
          <StateGraph
            definition={definition}
            editable
            problems={problems}
            selected={selected}
            onSelect={setSelected}
            onDropState={(type) => add(type as StateType)}
            onConnectStates={(from, to) => apply(() => connect(definition, from, to))}
            onDeleteState={(n) => apply(() => deleteState(definition, n))}
            exportName={arn ? arnName(arn) : name || 'state-machine'}
            height={470}
          />
          <ErrorNote error={editError} title="Cannot do that" />
          <section className="diagnostics" aria-label="Diagnostics" aria-live="polite">
            <h2>{errors.length === 0 ? 'No errors' : `${errors.length} error${errors.length === 1 ? '' : 's'}`}{diagnostics.length > errors.length ? `, ${diagnostics.length - errors.length} warning(s)` : ''}</h2>
            <ul>
              {diagnostics.map((d, i) => (
                <li key={i} className={d.severity === 'ERROR' ? 'diag-error' : 'diag-warning'}>
                  <strong>{d.code}</strong> {d.location && <code>{d.location}</code>} {d.message}
                  {stateOfLocation(d.location) && (
                    <button type="button" className="link" onClick={() => setSelected(stateOfLocation(d.location))}> show</button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div className="designer-side">
          {selected && selectedState ? (
            <StateForm
              key={selected}
              name={selected}
              state={selectedState}
              siblings={siblings}
              onRename={(to) => apply(() => { const d = renameState(definition, selected, to); setSelected(to); return d; })}
              onChange={(s) => apply(() => replaceState(definition, selected, s))}
              onDelete={() => apply(() => { const d = deleteState(definition, selected); setSelected(undefined); return d; })}
              isStart={machineOf(definition, selected)?.StartAt === selected}
              onMakeStart={() => apply(() => { const d = structuredClone(definition); machineOf(d, selected)!.StartAt = selected; return d; })}
            />
          ) : (
            <p className="muted">Select a state to edit its fields.</p>
          )}
          <label className="asl-label" htmlFor="asl">Amazon States Language</label>
          <textarea
            id="asl"
            className={`code asl${jsonProblem(text) ? ' invalid' : ''}`}
            spellCheck={false}
            value={text}
            onChange={(e) => onText(e.target.value)}
            aria-describedby="asl-status"
          />
          <div id="asl-status" className={jsonProblem(text) ? 'field-error' : 'field-ok'}>{jsonProblem(text) ?? 'JSON is well formed'}</div>
        </div>
      </div>
    </section>
  );
}
