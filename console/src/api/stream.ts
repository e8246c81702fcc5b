/**
 * One Server-Sent Events connection (`/console/api/stream`) for the whole app, shared by every
 * page that wants live updates. The browser reconnects by itself after a drop; each listener
 * hears whether the stream is up, so a page can fall back to polling while it is not.
 */
import { useEffect, useRef } from 'react';
import type { StreamEvents } from '../../../src/api/console/contract.js';

/** What a listener hears: the feed's events, and `connection`, `true` when the stream (re)connects, `false` when it drops. */
type Heard = StreamEvents & { connection: boolean };

export type StreamListener = { [E in keyof Heard]?: (data: Heard[E]) => void };

const listeners = new Set<StreamListener>();
let source: EventSource | undefined;
let up = false;

function connect(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/console/api/stream');
  source.addEventListener('open', () => {
    up = true;
    for (const l of listeners) l.connection?.(true);
  });
  source.addEventListener('error', () => {
    up = false;
    for (const l of listeners) l.connection?.(false);
  });
  relay(source, 'execution');
  relay(source, 'history');
}

function relay<E extends keyof StreamEvents>(source: EventSource, event: E): void {
  source.addEventListener(event, (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as Heard[E];
    for (const l of listeners) l[event]?.(data);
  });
}

export const streamIsUp = () => up;

/** Subscribes for the component's lifetime; the handlers may change between renders. */
export function useStream(listener: StreamListener): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    const proxy: StreamListener = {
      execution: (c) => ref.current.execution?.(c),
      history: (h) => ref.current.history?.(h),
      connection: (u) => ref.current.connection?.(u),
    };
    listeners.add(proxy);
    connect();
    return () => {
      listeners.delete(proxy);
    };
  }, []);
}
