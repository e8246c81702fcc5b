/**
 * History events as GetExecutionHistory sends them. The engine keeps payloads as values; AWS's
 * model types them as JSON text (`input`, `output`, a Task's `parameters`), and an error's `cause`
 * is text even when it holds JSON.
 */
import type { HistoryEvent } from '../engine/history.js';

const JSON_TEXT_MEMBERS = new Set(['input', 'output', 'parameters']);

export function eventToWire(event: HistoryEvent): HistoryEvent {
  const wire: HistoryEvent = { ...event };
  for (const [key, details] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && details && typeof details === 'object') wire[key] = detailsToWire(details as Record<string, unknown>);
  }
  return wire;
}

function detailsToWire(details: Record<string, unknown>): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...details };
  for (const [member, value] of Object.entries(details)) {
    if (value === undefined) continue;
    if (JSON_TEXT_MEMBERS.has(member) || (member === 'cause' && typeof value !== 'string')) wire[member] = JSON.stringify(value);
  }
  return wire;
}
