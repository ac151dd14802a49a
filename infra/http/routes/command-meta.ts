import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Channel } from '../../../events/index.js';
import type { Principal } from '../../auth/principal.js';
import { actorOf } from '../../auth/principal.js';
import { derivedId } from '../../commands/ids.js';
import type { CommandMeta } from '../../commands/index.js';
import { IDEMPOTENCY_HEADER } from '../idempotency/idempotency-middleware.js';
import { requestIdOf } from '../request-logging.js';

/**
 * The command id of a request: derived from the caller and their Idempotency-Key, so a retry that gets past
 * the idempotency store (its answer lost in a crash, or the key expired) is still recognised by the command
 * handler and appends nothing; the caller is part of it, so two callers choosing the same key never share
 * a command (nor, for a submission, the application id derived from it). Without a key, a fresh id.
 */
export function commandIdOf(req: Request, principal: Principal): string {
  const key = req.get(IDEMPOTENCY_HEADER);
  return key === undefined ? randomUUID() : derivedId('http-command', principal.role, principal.sub, key);
}

/** Who sends the command, through which channel, correlated by the request id. */
export function commandMeta(req: Request, principal: Principal, channel: Channel): CommandMeta {
  const commandId = commandIdOf(req, principal);
  return { commandId, correlationId: requestIdOf(req) ?? commandId, actor: actorOf(principal), channel };
}
