/**
 * The service's shapes as AWS JSON carries them (`toWireJson` in ../aws-json.ts), for readers on
 * the far side of the wire: the console's client, and the console API's live feed, which sends
 * history events exactly as GetExecutionHistory does. Types only, importing only types of pure
 * modules: the browser build imports this file.
 */
import type { HistoryEvent } from '../../engine/history.js';

/** A service value on the wire: its `Date`s become epoch seconds, everything else is as it was. */
export type AwsJson<T> = T extends Date
  ? number
  : T extends readonly (infer E)[]
    ? AwsJson<E>[]
    : T extends object
      ? { [K in keyof T]: AwsJson<T[K]> }
      : T;

/**
 * A history event as GetExecutionHistory sends it: `timestamp` in epoch seconds (the engine keeps
 * ISO text), payloads (`input`, `output`, a Task's `parameters`) as JSON text.
 */
export type WireHistoryEvent = { [K in keyof HistoryEvent]: K extends 'timestamp' ? number : HistoryEvent[K] };
