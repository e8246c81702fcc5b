/**
 * The server's log: lines on stderr, filtered by `STEPWISE_LOG` (debug, info, warn, error; info
 * by default). One line per request at debug level.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function parseLogLevel(text: string | undefined): LogLevel {
  const level = (text ?? 'info').toLowerCase();
  return (LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'info';
}

export function createLogger(level: LogLevel, write: (line: string) => void): Logger {
  const at = (l: LogLevel) => (LEVELS.indexOf(l) >= LEVELS.indexOf(level) ? (message: string) => write(`${new Date().toISOString()} ${l.toUpperCase()} ${message}`) : () => {});
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Logs nothing: for tests and embedders that keep their own. */
export const silentLogger: Logger = createLogger('error', () => {});
