// The clerks' queue read on its own (issue 20): the department queue of the largest departments of a seeded
// store, timed in-process against the read models' SQLite file, with no HTTP around it. Run it on two trees
// (old and new code, the same data) alternately to compare; it prints one table and a JSON line.
//   npm run bench:queue-read -- --data-dir /work/bench-1m [--departments 3] [--reads 200] [--limit 200]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { defaultCalendar } from '../services/calendar/default-calendar.js';
import { dataFiles } from '../infra/config/data-files.js';
import { openReadModelDb } from '../infra/read-models/read-model-db.js';
import { createReadModels } from '../infra/read-models/read-models.js';
import { shanghaiToday, systemClock } from '../events/clock.js';
import { tableName } from '../infra/read-models/projection-state.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    departments: { type: 'string', default: '3' },
    reads: { type: 'string', default: '200' },
    limit: { type: 'string', default: '200' },
    today: { type: 'string' },
  },
});
if (!values['data-dir']) throw new Error('--data-dir DIR: a seeded store (npm run bench:http seeds one)');

const db = openReadModelDb(dataFiles(values['data-dir']).readModels);
const readModels = createReadModels(db, { calendar: defaultCalendar() });
const today = values.today ?? shanghaiToday(systemClock)();
const reads = Number(values.reads);
const limit = Number(values.limit);

// The departments with the most open work: the work-queue table of the active generation, counted once.
const generation = db.prepare<[], number>(`SELECT generation FROM projection_state WHERE name = 'work-queue' AND status = 'active'`).pluck().get();
if (generation === undefined) throw new Error('no active work-queue generation in this store');
const table = tableName('work_item', generation);
const departments = db
  .prepare<[number], { department: string; open: number }>(`SELECT department, count(*) AS open FROM ${table} GROUP BY department ORDER BY open DESC LIMIT ?`)
  .all(Number(values.departments));

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const rows: { department: string; open: number; bundles: number; p50: number; p99: number; mean: number }[] = [];
for (const { department, open } of departments) {
  let bundles = 0;
  for (let i = 0; i < 20; i++) bundles = readModels.workQueue({ department, today, limit }).bundles.length; // warm-up
  const times: number[] = [];
  for (let i = 0; i < reads; i++) {
    const started = performance.now();
    readModels.workQueue({ department, today, limit });
    times.push(performance.now() - started);
    if (i % 50 === 0) process.stderr.write(`\r${department}: ${i}/${reads}`);
  }
  process.stderr.write('\n');
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  rows.push({ department, open, bundles, p50: percentile(times, 50), p99: percentile(times, 99), mean });
}
db.close();

console.log(`department queue read, limit ${limit}, today ${today}, ${reads} reads each (in-process, no HTTP)`);
console.log('| department | open rows | bundles listed | mean ms | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.department} | ${r.open} | ${r.bundles} | ${r.mean.toFixed(2)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`);
console.log(JSON.stringify({ bench: 'queue-read', limit, today, rows }));
