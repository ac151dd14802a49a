import { StoreUnavailableError } from './store-errors.js';

// SQLSTATE classes and codes meaning "the server is not there right now", and the socket errors of a lost connection.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '58000', '58030']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether an error of `pg` says the server cannot be reached, rather than that a statement was refused. */
export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/** Runs `work`; a lost or refused connection comes back as StoreUnavailableError, anything else as it is. */
export async function unavailableAsSuch<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isUnavailable(error) ? new StoreUnavailableError('postgres', { cause: error }) : error;
  }
}
