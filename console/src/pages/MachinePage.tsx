/** One state machine: its graph beside its definition, executions, versions and aliases, monitoring. */
import { useMemo, useState } from 'react';
import { sfn, sfnAll, type Alias, type AliasDetail, type StateMachine, type Version } from '../api/aws.js';
import { designerPath, Link, navigate, machinePath } from '../app/router.js';
import { ErrorNote, Json, Tabs, Time, useAsync } from '../components/common.js';
import { ExecutionsTable } from '../components/ExecutionsTable.js';
import { StartExecution } from '../components/StartExecution.js';
import { StateGraph } from '../graph/StateGraph.js';
import { arnName } from '../model/wire.js';
import { MonitoringView } from './Monitoring.js';

type Tab = 'graph' | 'executions' | 'versions' | 'monitoring';

export function MachinePage({ arn, tab }: { arn: string; tab: Tab }) {
  const machine = useAsync(() => sfn<StateMachine>('DescribeStateMachine', { stateMachineArn: arn }), [arn]);
  const [starting, setStarting] = useState(false);
  const [selected, setSelected] = useState<string>();
  const [shownVersion, setShownVersion] = useState<StateMachine>();
  const shown = shownVersion ?? machine.data;
  const definition = useMemo(() => {
    try {
      return shown ? (JSON.parse(shown.definition) as unknown) : undefined;
    } catch {
      return undefined;
    }
  }, [shown]);

  return (
    <section>
      <header className="page-head">
        <div>
          <p className="crumbs"><Link to="/">State machines</Link> /</p>
          <h1>{arnName(arn)}</h1>
          {machine.data && <p className="muted">{machine.data.type} · created <Time ms={machine.data.creationDate} /> · <code>{arn}</code></p>}
        </div>
        <div className="actions">
          <Link className="button" to={designerPath(arn)}>Edit in designer</Link>
          <button type="button" className="primary" onClick={() => setStarting(true)}>Start execution</button>
        </div>
      </header>
      <ErrorNote error={machine.error} />
      {starting && <StartExecution stateMachineArn={arn} onClose={() => setStarting(false)} />}
      <Tabs<Tab>
        label="State machine"
        active={tab}
        onChange={(t) => navigate(machinePath(arn, t), { replace: true })}
        tabs={[['graph', 'Graph and definition'], ['executions', 'Executions'], ['versions', 'Versions and aliases'], ['monitoring', 'Monitoring']]}
      />
      {tab === 'graph' && (
        <div className="split">
          <div className="split-main">
            {shownVersion && (
              <p className="note">
                Showing version {arnName(shownVersion.stateMachineArn)}. <button type="button" className="link" onClick={() => setShownVersion(undefined)}>Show the latest revision</button>
              </p>
            )}
            {definition !== undefined && <StateGraph definition={definition} selected={selected} onSelect={setSelected} exportName={arnName(arn)} height={560} />}
          </div>
          <aside className="split-side" aria-label="Definition">
            <h2>Definition</h2>
            <Json value={shown ? prettyDefinition(shown.definition) : ''} label="Definition" />
          </aside>
        </div>
      )}
      {tab === 'executions' && <ExecutionsTable stateMachineArn={arn} />}
      {tab === 'versions' && <VersionsAndAliases arn={arn} onShow={(v) => { setShownVersion(v); navigate(machinePath(arn, 'graph'), { replace: true }); }} />}
      {tab === 'monitoring' && <MonitoringView stateMachineArn={arn} />}
    </section>
  );
}

const prettyDefinition = (text: string) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

function VersionsAndAliases({ arn, onShow }: { arn: string; onShow: (v: StateMachine) => void }) {
  const versions = useAsync(async () => {
    const list = await sfnAll<Version, 'stateMachineVersions'>('ListStateMachineVersions', { stateMachineArn: arn }, 'stateMachineVersions');
    // A description each, for the newest twenty: what people publish versions to say.
    return Promise.all(list.map(async (v, i) => ({ ...v, detail: i < 20 ? await sfn<StateMachine>('DescribeStateMachine', { stateMachineArn: v.stateMachineVersionArn }) : undefined })));
  }, [arn]);
  const aliases = useAsync(async () => {
    const list = await sfnAll<Alias, 'stateMachineAliases'>('ListStateMachineAliases', { stateMachineArn: arn }, 'stateMachineAliases');
    return Promise.all(list.map((a) => sfn<AliasDetail>('DescribeStateMachineAlias', { stateMachineAliasArn: a.stateMachineAliasArn })));
  }, [arn]);
  return (
    <div className="two-col">
      <section>
        <h2>Versions</h2>
        <ErrorNote error={versions.error} />
        <table className="grid">
          <thead>
            <tr><th scope="col">Version</th><th scope="col">Created</th><th scope="col">Description</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {(versions.data ?? []).map((v) => (
              <tr key={v.stateMachineVersionArn}>
                <td>{arnName(v.stateMachineVersionArn)}</td>
                <td><Time ms={v.creationDate} /></td>
                <td>{v.detail?.description ?? ''}</td>
                <td>{v.detail && <button type="button" className="link" onClick={() => onShow(v.detail!)}>Show graph</button>}</td>
              </tr>
            ))}
            {versions.data?.length === 0 && <tr><td colSpan={4} className="empty">No versions: publish one from the designer.</td></tr>}
          </tbody>
        </table>
      </section>
      <section>
        <h2>Aliases</h2>
        <ErrorNote error={aliases.error} />
        <table className="grid">
          <thead>
            <tr><th scope="col">Alias</th><th scope="col">Routes to</th><th scope="col">Created</th></tr>
          </thead>
          <tbody>
            {(aliases.data ?? []).map((a) => (
              <tr key={a.stateMachineAliasArn}>
                <td>{a.name}{a.description && <div className="muted">{a.description}</div>}</td>
                <td>{a.routingConfiguration.map((r) => `version ${arnName(r.stateMachineVersionArn)}: ${r.weight}%`).join(', ')}</td>
                <td><Time ms={a.creationDate} /></td>
              </tr>
            ))}
            {aliases.data?.length === 0 && <tr><td colSpan={3} className="empty">No aliases.</td></tr>}
          </tbody>
        </table>
      </section>
    </div>
  );
}
