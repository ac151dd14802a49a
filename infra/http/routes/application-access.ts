import type { Principal } from '../../auth/principal.js';
import { streamIdOf } from '../../commands/index.js';
import type { LoadedAggregate } from '../../commands/index.js';
import { notFound } from '../http-error.js';
import type { ApiServices } from './api-services.js';
import { awaitPosition } from './read-your-writes.js';

/** Who an application belongs to, as far as access goes. */
export interface Ownership {
  applicantId: string | null | undefined;
  department: string | null | undefined;
}

/**
 * An applicant sees their own applications; a clerk those of their department. Everyone else, and
 * everyone outside their scope, is told the application does not exist (404, never 403), so ids cannot
 * be probed.
 */
export function canSee(principal: Principal, owner: Ownership): boolean {
  switch (principal.role) {
    case 'applicant':
      return owner.applicantId === principal.sub;
    case 'clerk':
      return owner.department === principal.department;
    default:
      return false;
  }
}

export const applicationNotFound = (id: string) => notFound(`No application ${id} that you can see.`);

/** The application's stream folded, if the caller may see it; 404 otherwise. */
export async function loadInScope(services: ApiServices, id: string, principal: Principal): Promise<LoadedAggregate<'application'>> {
  const loaded = await services.commands.load('application', streamIdOf('application', id));
  const { state } = loaded;
  if (state.status === 'none' || !canSee(principal, { applicantId: state.applicant?.id, department: state.department })) {
    throw applicationNotFound(id);
  }
  return loaded;
}

/**
 * The revision of a stream for a read served from the read models, once they hold at least that revision:
 * the view is never older than the ETag it is sent with, so an update made against it cannot miss a
 * change. Usually the read models have applied the whole log and one look at the head says so; otherwise
 * the position of the stream's last event is looked up and waited for (bounded, 503 past the bound).
 * Null for no stream.
 */
export async function revisionForRead(services: ApiServices, streamId: string): Promise<number | null> {
  const revision = await services.events.streamRevision(streamId);
  if (revision === null) return null;
  // Read after the revision, the head is at or past its event.
  if (services.consistency.applied() >= (await services.events.headPosition())) return revision;
  const [last] = await services.events.readStream(streamId, { fromRevision: revision, limit: 1 });
  if (last) await awaitPosition(last.position, services.consistency);
  return revision;
}

/**
 * A read-model view with its stream revision (the ETag), never older than that revision nor than a write
 * this process made to the stream. A row that keeps the revision it was folded to, read at or past this
 * process's last append to its stream, answers alone: view and ETag come from one row, so they agree, and
 * the event store is not asked. Otherwise (no row yet, a row from a projection version that did not keep
 * it, or a write here not applied yet) the store gives the revision, like revisionForRead, and the view is
 * read at or past it: usually the position read with the view is at or past the head, read after the
 * revision; otherwise the position of the stream's last event decides, waited for (bounded, 503 past the
 * bound) if need be. The view is null when the stream exists but the read model has no row for it; the
 * result null for no stream.
 */
export async function viewAtRevision<V>(
  services: ApiServices,
  streamId: string,
  read: () => { view: V; revision: number | null; position: number },
): Promise<{ revision: number; view: V } | null> {
  const kept = read();
  if (kept.view !== null && kept.revision !== null && kept.position >= services.consistency.appendedHere(streamId)) {
    return { revision: kept.revision, view: kept.view };
  }
  const revision = await services.events.streamRevision(streamId);
  if (revision === null) return null;
  // Read after the revision, the head is at or past its event.
  const head = await services.events.headPosition();
  const first = read();
  if (first.position >= head) return { revision, view: first.view };
  const [last] = await services.events.readStream(streamId, { fromRevision: revision, limit: 1 });
  if (!last || first.position >= last.position) return { revision, view: first.view };
  await awaitPosition(last.position, services.consistency);
  return { revision, view: read().view };
}
