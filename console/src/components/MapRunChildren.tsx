/**
 * The Map Runs of an execution's Distributed Maps, each with its child executions (as
 * ListExecutions by Map Run gives them), which open as executions of their own.
 */
import type { ExecutionListItem } from '../../../src/service/types.js';
import { sfn, type HistoryEvent } from '../api/aws.js';
import { executionPath, Link } from '../app/router.js';
import type { AwsJson } from '../../../src/api/console/aws-wire.js';
import { arnName } from '../model/wire.js';
import { ErrorNote, StatusBadge, useAsync } from './common.js';

/** The Map Runs an execution's history started, in order. */
export function mapRunsOf(events: HistoryEvent[]): string[] {
  const runs: string[] = [];
  for (const e of events) {
    const details = e.type === 'MapRunStarted' ? (e.mapRunStartedEventDetails as { mapRunArn?: string } | undefined) : undefined;
    if (details?.mapRunArn) runs.push(details.mapRunArn);
  }
  return runs;
}

export function MapRunChildren({ mapRunArns }: { mapRunArns: string[] }) {
  if (mapRunArns.length === 0) return null;
  return (
    <section className="map-runs" aria-label="Map Runs">
      {mapRunArns.map((arn) => (
        <MapRun key={arn} mapRunArn={arn} />
      ))}
    </section>
  );
}

function MapRun({ mapRunArn }: { mapRunArn: string }) {
  const page = useAsync(() => sfn<{ executions: AwsJson<ExecutionListItem>[]; nextToken?: string }>('ListExecutions', { mapRunArn, maxResults: 100 }), [mapRunArn]);
  const children = page.data?.executions ?? [];
  return (
    <details onToggle={(ev) => (ev.currentTarget.open ? page.reload() : undefined)}>
      <summary>
        Map Run {arnName(mapRunArn)}: {page.data ? `${children.length}${page.data.nextToken ? '+' : ''} child executions` : 'child executions'}
      </summary>
      <ErrorNote error={page.error} />
      <ul>
        {children.map((c) => (
          <li key={c.executionArn}>
            <Link to={executionPath(c.executionArn)}>{c.name}</Link> <StatusBadge status={c.status} />
          </li>
        ))}
      </ul>
    </details>
  );
}
