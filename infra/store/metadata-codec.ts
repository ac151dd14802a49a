import { Actor, ActorRole, Channel, EventMetadata, SHANGHAI_INSTANT_PATTERN } from '../../events/index.js';
import type { EventIssue } from '../../events/index.js';

/**
 * Checks and serializes the metadata envelope every event carries. It is the same small shape on every
 * event, so a hand-written path does it at a third of the cost of a zod parse plus JSON.stringify (it is
 * on the append hot path). Anything the hand path does not accept goes to zod, which gives the verdict
 * and the issues; the hand path only ever accepts what zod accepts (tests/unit/metadata-codec.test.ts).
 */

export type EncodedMetadata = { ok: true; json: string } | { ok: false; issues: EventIssue[] };

const ROLES = new Set<string>(ActorRole.options);
const CHANNELS = new Set<string>(Channel.options);

const sameKeys = (actual: string[], known: string[]): boolean =>
  actual.length === known.length && actual.every((k) => known.includes(k));

/** Should the envelope's schema ever change shape, the hand path steps aside rather than miss a field. */
export const HAND_PATH_MATCHES_SCHEMA =
  sameKeys(Object.keys(EventMetadata.shape), ['actor', 'channel', 'commandId', 'correlationId', 'causationId', 'occurredAt']) &&
  sameKeys(Object.keys(Actor.shape), ['role', 'id']);

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const q = JSON.stringify;

function byHand(metadata: unknown): string | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const m = metadata as Record<string, unknown>;
  const actor = m.actor as Record<string, unknown> | null | undefined;
  if (typeof actor !== 'object' || actor === null) return undefined;
  const { role, id } = actor;
  const { channel, commandId, correlationId, causationId, occurredAt } = m;
  if (typeof role !== 'string' || !ROLES.has(role) || !nonEmpty(id)) return undefined;
  if (typeof channel !== 'string' || !CHANNELS.has(channel)) return undefined;
  if (!nonEmpty(commandId) || !nonEmpty(correlationId) || !nonEmpty(causationId)) return undefined;
  if (typeof occurredAt !== 'string' || !SHANGHAI_INSTANT_PATTERN.test(occurredAt)) return undefined;
  // The keys in schema order, unknown keys dropped: the string JSON.stringify would make of zod's output.
  // occurredAt matched the pattern (digits and -T:.+), so it needs no escaping.
  return (
    `{"actor":{"role":${q(role)},"id":${q(id)}},"channel":${q(channel)},"commandId":${q(commandId)},` +
    `"correlationId":${q(correlationId)},"causationId":${q(causationId)},"occurredAt":"${occurredAt}"}`
  );
}

function byZod(metadata: unknown): EncodedMetadata {
  const result = EventMetadata.safeParse(metadata);
  if (result.success) return { ok: true, json: JSON.stringify(result.data) };
  const issues = result.error.issues.map((i) => ({ path: ['metadata', ...i.path.map(String)].join('.'), message: i.message }));
  return { ok: false, issues };
}

export function encodeMetadata(metadata: unknown): EncodedMetadata {
  const json = HAND_PATH_MATCHES_SCHEMA ? byHand(metadata) : undefined;
  return json === undefined ? byZod(metadata) : { ok: true, json };
}
