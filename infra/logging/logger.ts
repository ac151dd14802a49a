import { pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';
import { maskIdentityNumbers } from './mask-identity.js';
import { currentRequestId } from './request-context.js';
import type { LogLevel } from '../config/config-schema.js';

export type Logger = PinoLogger;

/** Where log lines go: stdout by default, a collector in tests. */
export interface LogSink {
  write(line: string): unknown;
}

export interface LoggerOptions {
  level: LogLevel;
  sink?: LogSink;
  /** Static fields on every line (service name, version). */
  base?: Record<string, unknown>;
}

export const REQUEST_ID_KEY = 'requestId';

/**
 * A pino logger writing JSON lines with identity numbers masked and the current request id on every
 * line logged while a request is in flight (from the async context, or bound to the request's child logger).
 */
export function createLogger(options: LoggerOptions): Logger {
  const target = options.sink ?? pino.destination({ dest: 1, sync: false });
  // Loggers that already carry the request id as a binding (the request's child logger, req.log) do not get it twice.
  const bound = new WeakSet<object>();
  return pino(
    {
      level: options.level,
      base: options.base ?? { service: 'one-network-hrss' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization'],
        censor: '[redacted]',
      },
      mixin(_merge, _level, logger) {
        const requestId = currentRequestId();
        return requestId === undefined || bound.has(logger) ? {} : { [REQUEST_ID_KEY]: requestId };
      },
      onChild(child) {
        if (REQUEST_ID_KEY in child.bindings()) bound.add(child);
      },
      // Masking the serialized line catches an id number wherever it sits: message, nested body, error stack.
      hooks: { streamWrite: maskIdentityNumbers },
    },
    target,
  );
}
