import { expect } from 'chai';
import fc from 'fast-check';
import { request } from './support/checked-request.js';
import { CLERK_ACTIONS } from '../../infra/http/routes/clerk-actions.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { BOSS, CHEN, KEEPER, VALID_ACTION_BODIES, ZHANG, etagOf, itemBody, retirementBundle, submitItem } from './support/api-flows.js';
import type { Principal } from '../../infra/auth/principal.js';

// Request bodies from fast-check: wholly random JSON, raw text that may not be JSON at all, and valid bodies
// with fields swapped for random or borderline values (so the handlers and the deciders are reached too).
// Whatever comes in, the answer is never a 5xx, and a 4xx leaves the log exactly as it was.

const anyJson = fc.jsonValue({ maxDepth: 4 });
const oddText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', ' ', '\u0000', '__proto__', 'constructor', 'x'.repeat(3000)));
const oddValue = fc.oneof(anyJson, oddText, fc.constantFrom(null, -1, 0, 1.5, 1e308, true, [], {}));

/** `arb` in about `percent` of the draws, undefined otherwise. */
const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });

/** A valid body with one field replaced or removed, pooled values swapped in, and rarely an extra field. */
function mutated(base: Record<string, unknown>, pools: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const key = keys.length > 0 ? fc.constantFrom(...keys) : fc.string({ minLength: 1, maxLength: 8 });
  return fc
    .record({
      pooled: fc.record(Object.fromEntries(Object.entries(pools).map(([k, a]) => [k, sometimes(a, 35)]))),
      replace: sometimes(fc.tuple(key, oddValue), 30),
      drop: sometimes(key, 15),
      extra: sometimes(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), oddValue), 10),
    })
    .map(({ pooled, replace, drop, extra }) => {
      const body: Record<string, unknown> = { ...base };
      for (const [k, v] of Object.entries(pooled)) if (v !== undefined) body[k] = v;
      if (replace) body[replace[0]] = replace[1];
      if (drop !== undefined) delete body[drop];
      if (extra) body[extra[0]] = extra[1];
      return body;
    });
}

const text = fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim().length > 0);
const material = fc.record(
  {
    code: fc.constantFrom('id-card', 'id-card', 'death-certificate', 'retirement-form', 'personnel-file', 'nope'),
    source: fc.constantFrom('upload', 'e-licence', 'e-licence', 'paper', 'fax'),
    reference: text,
  },
  { requiredKeys: ['code', 'source'] },
);
/** Mostly valid values, now and then one that is not: the bodies get past validation to the rules. */
const submissionPools = {
  channel: fc.constantFrom('provincial-portal', 'yueshengshi', 'fs12345', 'window', 'kiosk', 'system'),
  materials: fc.array(material, { maxLength: 4 }),
  delivery: fc.record({ mode: fc.constantFrom('electronic', 'express', 'pickup', 'drone'), address: text }, { requiredKeys: ['mode'] }),
  applicant: fc.record(
    { kind: fc.constantFrom('individual', 'employer', 'robot'), name: text, idNumber: fc.oneof(text, fc.constant('440604196609121234')), phone: text },
    { requiredKeys: ['kind', 'name'] },
  ),
  form: fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 4 }),
  catalogVersion: fc.constantFrom(1, 1, 2, 0),
};
const itemPools = { ...submissionPools, itemCode: fc.constantFrom('SB-014', 'SB-007', 'KA-003', 'SB-011', 'XX-1') };
const bundlePools = { ...submissionPools, bundleCode: fc.constantFrom('YJS-07', 'YJS-01', 'YJS-10', 'YJS-99') };

type Body = { raw: string } | { json: unknown };
const bodies = (structured: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 1, arbitrary: oddText.map((raw) => ({ raw })) },
    { weight: 2, arbitrary: anyJson.map((json) => ({ json })) },
    { weight: 5, arbitrary: structured.map((json) => ({ json })) },
  );

describe('fuzzed request bodies on every POST route: never a 5xx, never a change on a 4xx', function () {
  this.timeout(60_000);
  let h: ApiHarness;
  let target = '';
  const seen = new Map<number, number>();

  before(async () => {
    h = await startApi({ date: '2026-06-01' });
    target = await submitItem(h);
  });
  after(async () => {
    await h.dispose();
    // Not a check, a record of what the runs reached: the statuses and how often.
    console.log(`      statuses: ${[...seen].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
  });

  /** Waits until the process managers and projections have caught up, so the head only moves by our request. */
  async function quiet(): Promise<number> {
    for (;;) {
      const head = await h.head();
      await h.api.caughtUp(5000);
      if ((await h.head()) === head) return head;
    }
  }

  async function send(path: string, who: Principal, body: Body, headers: Record<string, string> = {}): Promise<void> {
    const before = await quiet();
    const req = request(h.api.app).post(path).set('Authorization', await h.bearer(who)).set('Content-Type', 'application/json');
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    const res = await req.send('raw' in body ? body.raw : JSON.stringify(body.json));
    seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
    expect(res.status, `${path} ${JSON.stringify(body).slice(0, 300)} → ${JSON.stringify(res.body).slice(0, 300)}`).to.be.below(500);
    if (res.status >= 400) expect(await h.head(), `${path} answered ${res.status} but the log moved`).to.equal(before);
  }

  const property = (arb: fc.Arbitrary<Body>, run: (body: Body) => Promise<void>, numRuns: number) =>
    fc.assert(fc.asyncProperty(arb, run), { numRuns, seed: Number(process.env.FUZZ_SEED ?? 20261128) });

  it('POST /applications', () => property(bodies(mutated(itemBody(), itemPools)), (b) => send(`${API}/applications`, ZHANG, b), 300));

  it('POST /bundles', () => property(bodies(mutated(retirementBundle(), bundlePools)), (b) => send(`${API}/bundles`, ZHANG, b), 150));

  it('POST /applications/:id/supplements, /withdraw, /rating', async () => {
    await property(bodies(mutated({ materials: [{ code: 'id-card', source: 'upload' }] }, { materials: submissionPools.materials })), (b) =>
      send(`${API}/applications/${target}/supplements`, ZHANG, b), 40);
    await property(
      bodies(mutated({ level: 3, indicators: { speed: 4 }, tags: ['fast'], comment: 'ok' }, { level: fc.integer({ min: -2, max: 8 }) })),
      (b) => send(`${API}/applications/${target}/rating`, ZHANG, b),
      40,
    );
    await property(bodies(mutated({ reason: 'no longer needed' })), (b) => send(`${API}/applications/${target}/withdraw`, ZHANG, b), 30);
  });

  it('every clerk action, with the current ETag', async () => {
    for (const action of CLERK_ACTIONS) {
      const id = await submitItem(h, ZHANG, itemBody());
      const etag = await etagOf(h, id);
      const base = (VALID_ACTION_BODIES[action.path] ?? {}) as Record<string, unknown>;
      await property(bodies(mutated(base)), async (b) => send(`${API}/applications/${id}/${action.path}`, CHEN, b, { 'If-Match': etag }), 20);
    }
  });

  it('POST /reports and POST /catalog/versions', async () => {
    await property(bodies(mutated({ month: '2026-06', revise: false }, { month: fc.constantFrom('2026-06', '2026-13', '2030-01', '1999-01') })), (b) =>
      send(`${API}/reports`, BOSS, b), 30);
    await property(bodies(mutated({ items: [{ code: 'X' }], bundles: [] })), (b) => send(`${API}/catalog/versions`, KEEPER, b), 30);
  });
});
