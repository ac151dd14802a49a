import type { Channel } from '../../../events/index.js';
import type { ApplicationCommand } from '../../../services/application/index.js';
import type { Principal } from '../../auth/principal.js';
import { streamIdOf } from '../../commands/index.js';
import type { CaseAggregate } from '../../commands/index.js';
import { CalendarCoverageError } from '../../../services/calendar/index.js';
import { InvalidEventError } from '../../store/errors.js';
import { HttpError } from '../http-error.js';
import { problemType } from '../problem.js';
import type { ExpectedVersion } from '../../store/port.js';
import { etagFor } from '../etag.js';
import type { Reply } from '../reply.js';
import { validationError } from '../validation-error.js';
import type { Request } from 'express';
import type { CommandResult } from '../../commands/index.js';
import type { ApiServices } from './api-services.js';
import { loadInScope } from './application-access.js';
import type { CommandReply } from './application-views.js';
import { commandMeta } from './command-meta.js';
import { POSITION_HEADER } from './read-your-writes.js';

/**
 * The answer to a command: its outcome, its ETag, and the position it reached, after waiting (bounded) for
 * the read models to hold it so the caller's next read shows it.
 */
export async function commandReply<A extends CaseAggregate>(
  services: ApiServices,
  id: string,
  outcome: CommandResult<A>,
  extra: { status?: number; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const consistent = outcome.position === 0 || (await services.consistency.afterWrite(outcome.position));
  const body: CommandReply = {
    id,
    revision: outcome.nextRevision,
    position: outcome.position,
    duplicate: outcome.duplicate,
    events: outcome.events.map((e) => e.type),
    status: outcome.state.status,
    consistent,
  };
  return {
    status: extra.status ?? 200,
    body,
    headers: { ETag: etagFor(outcome.nextRevision), [POSITION_HEADER]: String(outcome.position), ...extra.headers },
  };
}

/**
 * Failures of a command that are neither the rules' refusal nor a bug. The routes' bodies are as strict as
 * the events, so the store never refuses one; should they drift apart, the caller still hears it was their
 * input (400). A deadline beyond the calendar's years (the State Council has not published next year's
 * holidays, or the bureau has not added them) cannot be computed: the service is unavailable for that
 * step until the calendar is extended (503), which is not a bug to report.
 */
export async function commandFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidEventError) {
      throw validationError(
        error.issues.map((i) => ({ in: 'body' as const, field: i.path, pointer: `#/${i.path.replaceAll('.', '/')}`, message: i.message, code: 'invalid_event' })),
      );
    }
    if (error instanceof CalendarCoverageError) {
      // Beyond the provisional years no count is made (fail closed). No Retry-After: waiting does not help,
      // importing the holiday notice does.
      throw new HttpError({
        status: 503,
        type: problemType('calendar-not-covered'),
        title: 'The working-day calendar does not cover this deadline',
        detail: `${error.message}. An administrator imports the State Council holiday notice (npm run calendar -- import FILE, or POST /api/v1/calendar/notices); no restart is needed.`,
        year: error.year,
      });
    }
    throw error;
  }
}

export interface ActionContext {
  req: Request;
  principal: Principal;
  ifMatch: ExpectedVersion | undefined;
}

/** A command on an existing application the caller may act on: scope (404), If-Match (412), then the decider (409). */
export async function runApplicationCommand(
  services: ApiServices,
  ctx: ActionContext,
  id: string,
  command: ApplicationCommand,
  channel: Channel,
): Promise<Reply> {
  const streamId = streamIdOf('application', id);
  const loaded = await loadInScope(services, id, ctx.principal);
  const meta = commandMeta(ctx.req, ctx.principal, channel);
  // If-Match is evaluated before anything is decided (RFC 9110 §13.2.2): a stale ETag is a 412 even when the
  // command would also be refused; a retry of a command the stream holds is answered whatever the revision.
  const outcome = await commandFailures(() =>
    services.commands.handle('application', streamId, command, meta, { ...(ctx.ifMatch === undefined ? {} : { expected: ctx.ifMatch }), loaded }),
  );
  return commandReply(services, id, outcome);
}
