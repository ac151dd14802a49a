/**
 * Writes the OpenAPI document the composed API serves (GET /api/v1/openapi.json) to the file given, for
 * `npm run lint:openapi`. The real composition on a throw-away data directory, asked through supertest: what
 * is linted is what a client gets, with no server listening.
 *
 *   tsx tests/http/support/write-openapi.ts .tmp/openapi.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { API, startApi } from './api-harness.js';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: tsx tests/http/support/write-openapi.ts FILE\n');
  process.exit(2);
}
const h = await startApi();
try {
  const res = await h.get(`${API}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET ${API}/openapi.json answered ${res.status}`);
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  writeFileSync(target, `${JSON.stringify(res.body, null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
} finally {
  await h.dispose();
}
