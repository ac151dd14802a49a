import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import type { RecordedEvent } from '../../infra/store/port.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { visitBatch } from '../support/sample-events.js';
import { tempDir } from '../support/sqlite-harness.js';

interface Ack {
  stream: string;
  commandId: string;
  count: number;
  revision: number;
  position: number;
}

const writerScript = fileURLToPath(new URL('./fixtures/sqlite-writer.ts', import.meta.url));

/** Runs the writer until it has acknowledged `acks` appends, then SIGKILLs it; returns what it acknowledged. */
function runAndKill(path: string, mode: 'single' | 'group', acks: number): Promise<{ acked: Ack[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: Ack[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      // Only whole lines count: a line cut by the kill was never acknowledged to us.
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) acked.push(JSON.parse(line) as Ack);
      if (acked.length >= acks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}, not by SIGKILL: ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

function byStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
  return streams;
}

/** Every stream is a run of whole batches: revisions 0.., each command's events together and all of them. */
function expectWholeBatches(events: readonly RecordedEvent[]): void {
  for (const [stream, list] of byStream(events)) {
    expect(list.map((e) => e.revision), stream).to.deep.equal(list.map((_, i) => i));
    let i = 0;
    while (i < list.length) {
      const commandId = list[i]!.metadata.commandId;
      const size = Number(commandId.split('/').at(-1));
      const batch = list.slice(i, i + size);
      expect(batch.map((e) => e.metadata.commandId), `batch ${commandId}`).to.deep.equal(Array(size).fill(commandId));
      i += size;
    }
  }
}

async function crashAndCheck(mode: 'single' | 'group'): Promise<void> {
  const temp = tempDir('hrss-crash-');
  const path = join(temp.dir, 'events.db');
  try {
    const acked: Ack[] = [];
    for (const round of [1, 2]) {
      const run = await runAndKill(path, mode, 150 * round);
      expect(run.acked.length, `round ${round} acknowledgements`).to.be.greaterThan(0);
      acked.push(...run.acked);
    }

    const store = createSqliteStore({ path, registry: eventRegistry });
    try {
      const all = await store.readAll();
      expect(all.map((e) => e.position)).to.deep.equal(all.map((_, i) => i + 1));
      const byPosition = new Map(all.map((e) => [e.position, e]));
      for (const ack of acked) {
        const last = byPosition.get(ack.position);
        expect(last, `acknowledged ${ack.commandId}`).to.include({ streamId: ack.stream, revision: ack.revision });
        expect(last!.metadata.commandId).to.equal(ack.commandId);
      }
      expectWholeBatches(all);
      // The command table survived with its events: a retry after the crash gets the original answer.
      for (const ack of acked.slice(-20)) {
        const retry = await store.append(ack.stream, visitBatch(ack.count, ack.commandId), {
          expectedVersion: 'no_stream',
          commandId: ack.commandId,
        });
        expect(retry).to.deep.equal({ nextRevision: ack.revision, position: ack.position, duplicate: true });
      }
      expect(await store.headPosition()).to.equal(all.length);
    } finally {
      await store.close();
    }
  } finally {
    temp.remove();
  }
}

describe('sqlite store killed mid-stream (SIGKILL)', function () {
  this.timeout(30_000);

  it('keeps every acknowledged append and no partial one, appending one by one', async () => {
    await crashAndCheck('single');
  });

  it('keeps every acknowledged append and no partial one, with group commit', async () => {
    await crashAndCheck('group');
  });
});
