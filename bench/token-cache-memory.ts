// The verified-token cache's memory at its limit (issue 20): heap used with the cache full minus heap used
// with it empty, for real tokens (HS256, issued and verified by infra/auth/tokens.ts) taken from an
// Authorization header as authenticate.ts takes them (a slice of the header string, which the cache then
// keeps alive). Prints bytes per entry and the heap at the configured bound.
//
//   npm run bench:token-cache                       # 100,000 sessions
//   npm run bench:token-cache -- --sessions 20000
import { parseArgs } from 'node:util';
import { hs256Keys } from '../infra/auth/auth-keys.js';
import { issueToken, verifyTokenExpiry } from '../infra/auth/tokens.js';
import { DEFAULT_TOKEN_CACHE_MB, ENTRY_OVERHEAD_BYTES, verifiedTokens } from '../infra/http/verified-tokens.js';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '100000' } } });
const sessions = Number(values.sessions);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:token-cache does)');

const heapAfterGc = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

async function main(): Promise<void> {
  const keys = hs256Keys('bench-token-cache-secret-0123456789abcdef', { issuer: 'one-network-hrss', audience: 'one-network-hrss-api' });
  const cache = verifiedTokens({ verify: (token) => verifyTokenExpiry(keys, token), maxBytes: Number.MAX_SAFE_INTEGER });
  const empty = heapAfterGc();
  let tokenChars = 0;
  for (let i = 0; i < sessions; i++) {
    const header = `Bearer ${await issueToken(keys, { role: 'applicant', sub: `applicant-${String(i).padStart(8, '0')}-${Math.random().toString(36).slice(2, 10)}` }, { ttl: '8h' })}`;
    const token = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header)![1]!;
    tokenChars += token.length;
    await cache.principalOf(token);
    if ((i + 1) % 20_000 === 0) process.stderr.write(`  ${i + 1} of ${sessions} tokens cached\n`);
  }
  const full = heapAfterGc();
  const perEntry = (full - empty) / sessions;
  const meanToken = tokenChars / sessions;
  const bound = DEFAULT_TOKEN_CACHE_MB * 2 ** 20;
  const entriesAtBound = Math.floor(bound / (ENTRY_OVERHEAD_BYTES + meanToken));
  process.stdout.write(
    [
      `verified-token cache: ${sessions} sessions, mean token ${meanToken.toFixed(0)} characters`,
      `heap used: empty ${(empty / 2 ** 20).toFixed(1)} MiB, full ${(full / 2 ** 20).toFixed(1)} MiB: ${((full - empty) / 2 ** 20).toFixed(1)} MiB, ${perEntry.toFixed(0)} bytes an entry`,
      `counted at ${ENTRY_OVERHEAD_BYTES} + token length = ${(ENTRY_OVERHEAD_BYTES + meanToken).toFixed(0)} bytes an entry (cache.bytes ${(cache.bytes / 2 ** 20).toFixed(1)} MiB)`,
      `default bound TOKEN_CACHE_MB=${DEFAULT_TOKEN_CACHE_MB}: ${entriesAtBound} sessions, about ${((entriesAtBound * perEntry) / 2 ** 20).toFixed(1)} MiB of heap at the measured cost`,
      JSON.stringify({ sessions, meanToken, emptyHeap: empty, fullHeap: full, bytesPerEntry: perEntry, countedPerEntry: ENTRY_OVERHEAD_BYTES + meanToken, defaultMb: DEFAULT_TOKEN_CACHE_MB, entriesAtBound }),
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:token-cache failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
