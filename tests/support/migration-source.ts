import { StatusView } from '../../infra/http/routes/application-views.js';
import type { z } from 'zod';
import { API, startApi } from '../http/support/api-harness.js';
import { ZHANG, done, submitItem } from '../http/support/api-flows.js';
import { bodyAs } from '../http/support/bodies.js';

/** Collects what a CLI command writes, for a test to read. */
export function collectingIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {} } };
}

/**
 * A hall's history on SQLite in `dataDir`, made through the API, to move to another backend: three
 * applications, two decided and one left open. Returns their ids, their status as served, and the log's length.
 */
export async function hallHistory(dataDir: string): Promise<{ ids: string[]; served: z.output<typeof StatusView>[]; events: number }> {
  const hall = await startApi({ date: '2026-06-01', dataDir });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await submitItem(hall);
      await done(hall, id, 'accept');
      if (i < 2) await done(hall, id, 'decide', { outcome: 'approved', legalBasis: '《社会保险法》' });
      ids.push(id);
    }
    const served = await Promise.all(ids.map(async (id) => bodyAs(StatusView, await hall.get(`${API}/applications/${id}`, ZHANG))));
    return { ids, served, events: (await hall.log()).length };
  } finally {
    await hall.dispose();
  }
}
