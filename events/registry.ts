import type { z } from 'zod';
import type { EventEnvelope } from './envelope.js';

/** Turns data stored under schema version `from` into the shape of version `from + 1`. */
export type Upcaster = (data: unknown) => unknown;

export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  type: TType;
  /** The current schema version; stored events of older versions are upcast on read. */
  version: number;
  schema: TSchema;
  /** upcasters[v] lifts version v to v + 1. */
  upcasters: Readonly<Record<number, Upcaster>>;
}

/** Declares an event type once: its name, current version, zod schema of its data, and upcasters. */
export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  type: TType,
  schema: TSchema,
  options: { version?: number; upcasters?: Record<number, Upcaster> } = {},
): EventDefinition<TType, TSchema> {
  const version = options.version ?? 1;
  const upcasters = options.upcasters ?? {};
  for (let v = 1; v < version; v++) {
    if (!upcasters[v]) throw new Error(`event ${type} v${version} lacks an upcaster from v${v}`);
  }
  return { type, version, schema, upcasters };
}

export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? EventEnvelope<T, z.infer<S>> : never;
export type DataOf<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;

export interface EventIssue {
  path: string;
  message: string;
}

export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`unknown event type: ${eventType}`);
    this.name = 'UnknownEventTypeError';
  }
}

export interface ParsedData {
  ok: true;
  data: unknown;
  version: number;
}
export interface RejectedData {
  ok: false;
  issues: EventIssue[];
}

export interface EventRegistry {
  has(type: string): boolean;
  definition(type: string): EventDefinition;
  types(): string[];
  /** Checks new event data against the current schema; returns the parsed data or the issues. */
  validate(type: string, data: unknown): ParsedData | RejectedData;
  /** Lifts stored data of `schemaVersion` to the current version and parses it. Throws on a broken record. */
  upcast(type: string, schemaVersion: number, data: unknown): { data: unknown; version: number };
}

function issuesOf(error: z.ZodError): EventIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function createRegistry(definitions: readonly EventDefinition[]): EventRegistry {
  const byType = new Map<string, EventDefinition>();
  for (const d of definitions) {
    if (byType.has(d.type)) throw new Error(`event type declared twice: ${d.type}`);
    byType.set(d.type, d);
  }
  const definition = (type: string): EventDefinition => {
    const d = byType.get(type);
    if (!d) throw new UnknownEventTypeError(type);
    return d;
  };
  return {
    has: (type) => byType.has(type),
    definition,
    types: () => [...byType.keys()],
    validate(type, data) {
      const d = byType.get(type);
      if (!d) return { ok: false, issues: [{ path: 'type', message: `unknown event type: ${type}` }] };
      const result = d.schema.safeParse(data);
      return result.success ? { ok: true, data: result.data, version: d.version } : { ok: false, issues: issuesOf(result.error) };
    },
    upcast(type, schemaVersion, data) {
      const d = definition(type);
      if (schemaVersion > d.version) throw new Error(`event ${type} stored at v${schemaVersion}, newer than this code's v${d.version}`);
      let lifted = data;
      for (let v = schemaVersion; v < d.version; v++) lifted = d.upcasters[v]!(lifted);
      const result = d.schema.safeParse(lifted);
      if (!result.success) {
        throw new Error(`stored ${type} v${schemaVersion} does not parse: ${JSON.stringify(issuesOf(result.error))}`);
      }
      return { data: result.data, version: d.version };
    },
  };
}
