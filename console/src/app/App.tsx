/** The console's frame: navigation on the left, the page for the address on the right. */
import { useEffect, useState } from 'react';
import { useStream } from '../api/stream.js';
import { ExecutionsTable } from '../components/ExecutionsTable.js';
import { DesignerPage } from '../pages/Designer.js';
import { ExecutionPage } from '../pages/ExecutionPage.js';
import { FunctionPage, FunctionsPage } from '../pages/Functions.js';
import { InboxPage } from '../pages/Inbox.js';
import { MachinePage } from '../pages/MachinePage.js';
import { MonitoringPage } from '../pages/Monitoring.js';
import { StateMachinesPage } from '../pages/StateMachines.js';
import { Link, useLocation } from './router.js';

const NAV: [string, string, (path: string) => boolean][] = [
  ['/', 'State machines', (p) => p === '/' || p === '/state-machine' || p === '/designer'],
  ['/executions', 'Executions', (p) => p === '/executions' || p === '/execution'],
  ['/inbox', 'Waiting for people', (p) => p === '/inbox'],
  ['/monitoring', 'Monitoring', (p) => p === '/monitoring'],
  ['/functions', 'Functions', (p) => p === '/functions' || p === '/function'],
];

function Page({ path, query }: { path: string; query: URLSearchParams }) {
  const arn = query.get('arn') ?? '';
  switch (path) {
    case '/':
      return <StateMachinesPage />;
    case '/state-machine': {
      const tab = query.get('tab');
      return <MachinePage key={arn} arn={arn} tab={tab === 'executions' || tab === 'versions' || tab === 'monitoring' ? tab : 'graph'} />;
    }
    case '/designer':
      return <DesignerPage key={arn} arn={arn || undefined} />;
    case '/executions':
      return (
        <section>
          <header className="page-head"><h1>Executions</h1></header>
          <ExecutionsTable />
        </section>
      );
    case '/execution':
      return <ExecutionPage key={arn} arn={arn} />;
    case '/inbox':
      return <InboxPage />;
    case '/monitoring':
      return <MonitoringPage />;
    case '/functions':
      return <FunctionsPage />;
    case '/function':
      return <FunctionPage key={query.get('name')} name={query.get('name') ?? ''} />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>There is no page at {path}. <Link to="/">Go to the state machines.</Link></p>
        </section>
      );
  }
}

export function App() {
  const { path, query } = useLocation();
  const [live, setLive] = useState<boolean>();
  useStream({ connection: setLive });
  useEffect(() => {
    const titles: Record<string, string> = { '/': 'State machines', '/executions': 'Executions', '/inbox': 'Waiting for people', '/monitoring': 'Monitoring', '/functions': 'Functions', '/designer': 'Designer' };
    document.title = `${titles[path] ?? 'Stepwise'} · Stepwise`;
  }, [path]);
  return (
    <div className="app">
      <a className="skip" href="#main">Skip to content</a>
      <nav className="side" aria-label="Console">
        <div className="brand">
          <span className="logo" aria-hidden>S</span> Stepwise
        </div>
        <ul>
          {NAV.map(([to, label, active]) => (
            <li key={to}>
              <Link to={to} aria-current={active(path) ? 'page' : undefined}>{label}</Link>
            </li>
          ))}
        </ul>
        <p className={`live ${live ? 'up' : 'down'}`} role="status" aria-live="polite">
          <span aria-hidden>●</span> {live === undefined ? 'Connecting…' : live ? 'Live' : 'Reconnecting…'}
        </p>
      </nav>
      <main id="main" tabIndex={-1}>
        <Page path={path} query={query} />
      </main>
    </div>
  );
}
