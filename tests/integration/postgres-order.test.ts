import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { describePostgres, temporaryDatabase } from '../support/postgres-harness.js';

const WORKER = fileURLToPath(new URL('../support/postgres-order-process.ts', import.meta.url));

interface Seen {
  eventId: string;
  position: number;
}

/** Runs one process of the test and collects the events it prints. */
function run(args: string[]): { lines: Seen[]; exited: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Seen[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Seen));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { lines, exited };
}

await describePostgres('postgres: the global order as readers see it', () => {
  it('delivers every event acknowledged to four writer processes exactly once, in order, with no gap, to a subscriber in another process', async function () {
    this.timeout(120_000);
    const db = await temporaryDatabase();
    try {
      const writers = 4;
      const each = 600;
      const total = writers * each;
      // The subscriber starts first and reads while the writers commit concurrently.
      const subscriber = run(['subscriber', db.url, String(total)]);
      const started = Array.from({ length: writers }, () => run(['writer', db.url, String(each)]));
      const codes = await Promise.all(started.map((w) => w.exited));
      expect(codes).to.deep.equal(started.map(() => 0));
      expect(await subscriber.exited).to.equal(0);

      const acknowledged = started.flatMap((w) => w.lines);
      expect(acknowledged).to.have.length(total);
      const delivered = subscriber.lines;
      // In order and gap-free: exactly 1..total.
      expect(delivered.map((e) => e.position)).to.deep.equal(Array.from({ length: total }, (_, i) => i + 1));
      // Exactly once each, at the position its append acknowledged.
      const at = new Map(delivered.map((e) => [e.eventId, e.position]));
      expect(at.size).to.equal(total);
      for (const e of acknowledged) expect(at.get(e.eventId), e.eventId).to.equal(e.position);
    } finally {
      await db.drop();
    }
  });
});
