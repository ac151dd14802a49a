import type { EventIssue } from '../../events/index.js';
import { ConcurrencyError, InvalidEventError } from './errors.js';
import type { AppendOptions, AppendResult, ExpectedVersion, NewEvent } from './port.js';
import { CommandReuseError, StoreClosedError, StoreUnavailableError } from './store-errors.js';
import type { SqliteSynchronous } from './sqlite-schema.js';
import type { GroupCommitOptions } from './group-commit.js';

/** What the writer thread is started with: the file, its durability and the group commit. */
export interface WriterThreadData {
  path: string;
  synchronous: SqliteSynchronous;
  groupCommit: boolean | Partial<GroupCommitOptions>;
}

/** The main thread asks. */
export type ToWriter = { type: 'append'; id: number; streamId: string; events: readonly NewEvent[]; options: AppendOptions } | { type: 'close' };

/** An error as it crosses threads: a structured clone keeps neither the class nor its fields. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

/** The writer answers, each append after its transaction committed (or was refused). */
export type FromWriter = { type: 'appended'; id: number; result: AppendResult } | { type: 'refused'; id: number; error: WireError };

export function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value !== 'function' && key !== 'cause') fields[key] = value;
  }
  return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}), fields };
}

/** The same error class the store's callers catch (ConcurrencyError, InvalidEventError …); others as a plain Error with their fields (a SqliteError's code). */
export function fromWire(wire: WireError): Error {
  const f = wire.fields;
  let error: Error;
  switch (wire.name) {
    case 'ConcurrencyError':
      error = new ConcurrencyError(f.streamId as string, f.expected as ExpectedVersion, f.actual as number | null);
      break;
    case 'InvalidEventError':
      error = new InvalidEventError(f.eventType as string, f.index as number, f.issues as EventIssue[]);
      break;
    case 'CommandReuseError':
      error = new CommandReuseError(f.commandId as string, f.streamId as string, f.originalStreamId as string);
      break;
    case 'StoreClosedError':
      error = new StoreClosedError(f.backend as string);
      break;
    case 'StoreUnavailableError':
      error = new StoreUnavailableError(f.backend as string, { cause: new Error(wire.message) });
      break;
    default:
      error = Object.assign(new Error(wire.message), f);
      error.name = wire.name;
  }
  if (wire.stack) error.stack = wire.stack;
  return error;
}
