import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { RecordedEvent } from '../../infra/store/port.js';
import { checkLog, killRun } from '../../stress/kill-run.js';
import type { Ack, KillFigures } from '../../stress/kill-run.js';
import { CLERK, nextWrite } from '../../stress/kill-workload.js';
import { compareReadModels } from '../../stress/read-model-compare.js';
import { createRng } from '../../infra/seed/rng.js';
import { describePostgres } from '../support/postgres-harness.js';

// The short version of `npm run torture:kill` (stress/kill-run.ts): the real server SIGKILLed three times
// under concurrent writes, each unanswered write sent again with its Idempotency-Key. The long run's figures
// are in the README (Guarantees).
describe('torture: the server SIGKILLed under load (short run of npm run torture:kill)', function () {
  this.timeout(300_000);

  it('keeps every acknowledged write once, as answered, and read models equal to a rebuild', async () => {
    // No time limit of the run's own (a loaded machine must not make it stop short of its kills).
    const figures = await killRun({ kills: 3, maxSeconds: 3600, seed: 18, clients: 4, upMs: [400, 1500], keep: true });
    try {
      expect(figures.findings).to.deep.equal([]);
      expect(figures.kills).to.equal(3);
      expect(figures.acknowledged).to.be.greaterThan(20);
      expect(figures.acknowledged).to.equal(figures.writesSent);
      expect(figures).to.include({ lost: 0, duplicated: 0, unaccounted: 0, refused: 0, readModelMismatches: 0 });
      // The comparison it relied on tells a missing row apart (else 0 mismatches would prove nothing).
      const live = join(figures.dataDir, 'read-models.sqlite');
      const altered = join(figures.dataDir, 'altered.sqlite');
      const db = new Database(live, { readonly: true });
      await db.backup(altered);
      db.close();
      const edit = new Database(altered);
      const table = edit.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'app_status%' AND name NOT LIKE '%ticket%'").get()!.name;
      edit.prepare(`DELETE FROM ${table} WHERE rowid = (SELECT MIN(rowid) FROM ${table})`).run();
      edit.close();
      expect(compareReadModels(live, altered)).to.deep.equal(['app_status']);
    } finally {
      rmSync(figures.dataDir, { recursive: true, force: true });
    }
  });
});

await describePostgres('torture: the server SIGKILLed under load, the log on PostgreSQL (short run of npm run torture:kill -- --store postgres)', () => {
  it('keeps every acknowledged write once, as answered, and read models equal to a rebuild', async function () {
    this.timeout(300_000);
    const figures = await killRun({ kills: 2, maxSeconds: 3600, seed: 19, clients: 4, upMs: [400, 1500], store: 'postgres' });
    expect(figures.findings).to.deep.equal([]);
    expect(figures.kills).to.equal(2);
    expect(figures.acknowledged).to.be.greaterThan(20).and.equal(figures.writesSent);
    expect(figures).to.include({ lost: 0, duplicated: 0, unaccounted: 0, refused: 0, readModelMismatches: 0 });
  });
});

describe('torture: the kill run\'s log check finds what it is there to find', () => {
  const rng = createRng(1);
  const { write } = nextWrite(rng, 'check', 0, 0, []);
  const ack: Ack = { write, status: 201, replayed: false, body: { id: 'a1', revision: 0, position: 1, duplicate: false, events: ['ApplicationSubmitted'] } };
  const event = (position: number, commandId: string, role = 'applicant', revision = position - 1): RecordedEvent =>
    ({ eventId: `e${position}`, streamId: 'application-a1', revision, position, type: 'ApplicationSubmitted', schemaVersion: 1, data: {}, metadata: { commandId, actor: { role, id: 'x' } } }) as unknown as RecordedEvent;
  const check = (log: RecordedEvent[]): KillFigures => {
    const figures = { lost: 0, duplicated: 0, unaccounted: 0, findings: [] as string[] } as unknown as KillFigures;
    checkLog(log, [ack], new Map([[write.commandId, write]]), figures);
    return figures;
  };

  it('an acknowledged write missing from the log is lost', () => {
    expect(check([])).to.include({ lost: 1 });
    expect(check([event(1, write.commandId)])).to.include({ lost: 0, duplicated: 0, unaccounted: 0 });
  });

  it('a command written twice is duplicated; a client command never sent is unaccounted for', () => {
    const twice = check([event(1, write.commandId), event(2, 'other', 'system'), event(3, write.commandId)]);
    expect(twice.duplicated).to.equal(1);
    expect(check([event(1, write.commandId), event(2, 'forged', CLERK.role)]).unaccounted).to.equal(1);
  });
});
