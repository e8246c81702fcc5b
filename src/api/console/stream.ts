/**
 * `GET /console/api/stream`: the live feed as Server-Sent Events, one stream per client.
 * `event: execution` carries a status change (dates in epoch ms); `event: history` the events of
 * one committed step, shaped as GetExecutionHistory sends them (payloads as JSON text, timestamps
 * in epoch seconds). A comment every `keepAliveMs` keeps proxies from closing an idle stream; a
 * client that stops reading is dropped rather than buffered without end.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveEvent, Monitoring } from '../../service/monitoring.js';
import { toWireJson } from '../aws-json.js';
import { eventToWire } from '../history-wire.js';
import type { HistoryAppend, StreamEvents } from './contract.js';

export const KEEP_ALIVE_MS = 15_000;
/** What a slow client may have waiting in its socket before it is dropped (it reconnects and reloads). */
const MAX_BUFFERED = 4 * 1024 * 1024;

/** Each event is made into text once, however many clients it goes to. */
const texts = new WeakMap<LiveEvent, string>();

function textOf(event: LiveEvent): string {
  let text = texts.get(event);
  if (text === undefined) {
    // The history's events become GetExecutionHistory's wire form in `eventToWire` and `toWireJson`.
    const data =
      event.type === 'history'
        ? toWireJson({ executionArn: event.data.executionArn, events: event.data.events.map(eventToWire) } satisfies Record<keyof HistoryAppend, unknown>)
        : JSON.stringify(event.data satisfies StreamEvents['execution']);
    text = `event: ${event.type satisfies keyof StreamEvents}\ndata: ${data}\n\n`;
    texts.set(event, text);
  }
  return text;
}

export function stream(req: IncomingMessage, res: ServerResponse, monitoring: Monitoring, keepAliveMs = KEEP_ALIVE_MS): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(': stepwise live feed\nretry: 2000\n\n');
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    unsubscribe();
    res.end();
  };
  const write = (text: string): void => {
    if (res.writableLength > MAX_BUFFERED) end();
    else res.write(text);
  };
  const unsubscribe = monitoring.subscribe({ event: (e) => write(textOf(e)), close: end });
  const keepAlive = setInterval(() => write(': keep-alive\n\n'), keepAliveMs);
  req.on('close', end);
  res.on('close', end);
}
