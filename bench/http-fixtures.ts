import Database from 'better-sqlite3';
import { createRng } from '../infra/seed/rng.js';
import type { Rng } from '../infra/seed/rng.js';

/** An application and the applicant who owns it: who may read its status. */
export interface OwnedApplication {
  applicationId: string;
  applicantId: string;
}

export interface MetricsFilter {
  dimension: string;
  key: string;
  from: string;
  to: string;
}

/**
 * Random applications of a seeded store with their owners, by point lookups at random log positions (a
 * full scan of a store of a million applications would take longer than the benchmark). Reads the SQLite
 * file read-only, beside the running server.
 */
export function sampleApplications(eventsFile: string, count: number, seed: number): OwnedApplication[] {
  const db = new Database(eventsFile, { readonly: true, fileMustExist: true });
  try {
    const head = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck().get() ?? 0;
    if (head === 0) throw new Error(`${eventsFile} holds no events: seed it first`);
    const at = db.prepare<[number], { streamId: string; applicantId: string }>(
      `SELECT stream_id AS streamId, json_extract(data, '$.applicant.id') AS applicantId
         FROM events WHERE position = ? AND type = 'ApplicationSubmitted'`,
    );
    const rng = createRng(seed);
    const seen = new Set<string>();
    const sample: OwnedApplication[] = [];
    for (let tries = 0; sample.length < count && tries < count * 200; tries++) {
      const row = at.get(rng.int(1, head));
      if (!row || seen.has(row.streamId)) continue;
      seen.add(row.streamId);
      sample.push({ applicationId: row.streamId.slice('application-'.length), applicantId: row.applicantId });
    }
    if (sample.length === 0) throw new Error(`${eventsFile} holds no applications`);
    return sample;
  } finally {
    db.close();
  }
}

/** Item codes, departments, channels and bundle codes that the seeded metrics hold, for random filters. */
export function metricsFilters(keys: { items: string[]; departments: string[]; bundles: string[] }, rng: Rng, count: number, year: number): MetricsFilter[] {
  const channels = ['provincial-portal', 'yueshengshi', 'fs12345', 'window', 'kiosk'];
  const filters: MetricsFilter[] = [];
  for (let i = 0; i < count; i++) {
    const dimension = rng.pick(['item', 'department', 'channel', 'bundle', 'all']);
    const key =
      dimension === 'item' ? rng.pick(keys.items) : dimension === 'department' ? rng.pick(keys.departments) : dimension === 'channel' ? rng.pick(channels) : dimension === 'bundle' ? rng.pick(keys.bundles) : '*';
    const first = rng.int(1, 12);
    const last = rng.int(first, 12);
    const month = (m: number): string => `${year}-${String(m).padStart(2, '0')}`;
    filters.push({ dimension, key, from: month(first), to: month(last) });
  }
  return filters;
}
