/**
 * One Server-Sent Events connection (`/console/api/stream`) for the whole app, shared by every
 * page that wants live updates. The browser reconnects by itself after a drop; each listener
 * hears whether the stream is up, so a page can fall back to polling while it is not.
 */
import { useEffect, useRef } from 'react';
import type { ExecutionStatus, HistoryEvent } from './aws.js';

export interface ExecutionChange {
  executionArn: string;
  stateMachineArn: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
}

export interface HistoryAppend {
  executionArn: string;
  events: HistoryEvent[];
}

export interface StreamListener {
  execution?: (change: ExecutionChange) => void;
  history?: (append: HistoryAppend) => void;
  /** Called with `true` when the stream (re)connects, `false` when it drops. */
  connection?: (up: boolean) => void;
}

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
  source.addEventListener('execution', (e) => {
    const change = JSON.parse((e as MessageEvent<string>).data) as ExecutionChange;
    for (const l of listeners) l.execution?.(change);
  });
  source.addEventListener('history', (e) => {
    const append = JSON.parse((e as MessageEvent<string>).data) as HistoryAppend;
    for (const l of listeners) l.history?.(append);
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
