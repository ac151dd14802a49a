import { eventRegistry } from '../../events/index.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging/logger.js';
import { GENESIS_HASH } from '../store/event-hash.js';
import { verifyLog } from '../store/log-verify.js';
import type { ChainProblem, VerifyResult } from '../store/log-verify.js';
import type { EventStore } from '../store/port.js';

export class BrokenChainError extends Error {
  constructor(readonly problems: readonly ChainProblem[]) {
    const lines = problems.map((p) => `  position ${p.position}${p.streamId ? ` ${p.streamId} revision ${p.revision}` : ''}: ${p.kind}: ${p.detail}`);
    super(
      `the event log's hash chain is broken: its history was changed behind the service's back\n${lines.join('\n')}\n` +
        'not starting. Run `npm run verify` for the whole log, then restore the store from a backup or an export (npm run restore); ' +
        'to start anyway while the damage is examined, set TRUST_BROKEN_CHAIN=1',
    );
    this.name = 'BrokenChainError';
  }
}

/** The newest `tail` events of the log, checked: the hash before them trusted, every hash after recomputed. */
export async function verifyTail(store: EventStore, tail: number): Promise<VerifyResult> {
  const head = await store.headPosition();
  const start = store.tailStart ? await store.tailStart(tail) : Math.max(0, head - tail);
  let hash = GENESIS_HASH;
  if (start > 0 && store.chain === 'global') {
    const [before] = await store.readRecords({ after: start - 1, limit: 1 });
    hash = before?.hash ?? GENESIS_HASH;
  }
  return verifyLog(store, { ...(start > 0 ? { from: { position: start, hash } } : {}), upTo: head, registry: eventRegistry });
}

/**
 * The start-time check (issue 18): the API refuses to start on a log whose newest part does not hold
 * together, unless TRUST_BROKEN_CHAIN says to (then it is logged as an error). Quick: a bounded tail.
 */
export async function checkChainAtStart(store: EventStore, settings: AppConfig['chainCheck'], logger: Logger): Promise<void> {
  if (settings.tail === 0) return;
  const started = performance.now();
  const result = await verifyTail(store, settings.tail);
  const ms = Math.round(performance.now() - started);
  if (result.problems.length === 0) {
    logger.info({ events: result.events, head: result.head.position, chain: result.chain, ms }, 'the newest part of the event log\'s hash chain holds');
    return;
  }
  const error = new BrokenChainError(result.problems);
  if (!settings.trustBroken) throw error;
  logger.error({ problems: result.problems }, 'the event log\'s hash chain is broken; starting anyway because TRUST_BROKEN_CHAIN is set');
}
