import fc from 'fast-check';
import type { Principal } from '../infra/auth/principal.js';

/**
 * What an attacker, a broken client or a curious applicant sends (issue 18's outside test), as fast-check
 * arbitraries: each draw is one request, with what a correct server must do with it.
 */

export interface Hostile {
  category: string;
  method: 'GET' | 'POST';
  path: string;
  /** Who signs the token; a raw Authorization header instead when `authorization` is set. */
  caller?: Principal;
  authorization?: string;
  headers?: Record<string, string>;
  body?: string;
  /** 'reject': any 2xx is a finding. 'either': a valid request may hide among the draws. */
  expect: 'reject' | 'either';
  /** Look the ETag up just before sending and put it in If-Match, moved by this much (0 = the current one). */
  ifMatchOffset?: number;
}

/** The targets the run sets up: one applicant's application and bundle, their clerk, and the others. */
export interface Targets {
  applicationId: string;
  bundleId: string;
  reviewId: string;
  /** Parameterised path templates of the served document, by method. */
  templates: { method: 'GET' | 'POST'; path: string; roles: readonly string[] | null }[];
  owner: Principal;
  otherApplicant: Principal;
  clerk: Principal;
  otherClerk: Principal;
  supervisor: Principal;
  admin: Principal;
  /** A seeded application of someone else, and its owner. */
  seeded: { applicationId: string; applicantId: string };
  /** Raw Authorization headers of broken tokens, by what is wrong with them. */
  badTokens: Record<string, string>;
  itemBody: () => Record<string, unknown>;
  bundleBody: () => Record<string, unknown>;
}

const BAD_ENCODINGS = ['%E0%A4%A', '%', '%zz', '%C0%AF', '%ED%A0%80', '%FF%FE', '%00', '..%2F..%2Fetc%2Fpasswd', '%E0%A4%A%'];
const CLERK_STEPS: [string, unknown][] = [
  ['accept', undefined],
  ['decide', { outcome: 'approved', legalBasis: 'Art 38' }],
  ['refuse', { reason: 'out of scope' }],
  ['visit', { purpose: 'consult' }],
  ['suspend', { reason: 'hearing', legalBasis: 'Art 47' }],
];

const json = (value: unknown): string => JSON.stringify(value);
const anyJson = fc.jsonValue({ maxDepth: 4 });
const oddValue = fc.oneof(anyJson, fc.string(), fc.constantFrom(null, -1, 0, 1.5, 1e308, true, [], {}, '__proto__', 'x'.repeat(5000), '\u0000'));

/** JSON nested `depth` levels deep, written as text: JSON.stringify itself recurses and would overflow here. */
function nested(depth: number, key: string): string {
  const [open, close] = key === '[]' ? ['[', ']'] : [`{${JSON.stringify(key)}:`, '}'];
  return `${open.repeat(depth)}"bottom"${close.repeat(depth)}`;
}

/** A path template of the document with the targets' ids in it. */
export function concretePath(template: string, t: Targets): string {
  return template
    .replace('{id}', template.includes('/bundles/') ? t.bundleId : template.includes('/reviews/') ? t.reviewId : t.applicationId)
    .replace('{month}', '2026-06')
    .replace('{code}', 'SB-014');
}

export function hostileRequests(t: Targets): fc.Arbitrary<Hostile> {
  const app = `/api/v1/applications/${t.applicationId}`;
  const concrete = (path: string): string => concretePath(path, t);
  const protectedOps = t.templates.filter((op) => op.roles !== null);
  const parameterised = t.templates.filter((op) => op.path.includes('{'));

  const badEncoding = fc.record({ op: fc.constantFrom(...parameterised), bad: fc.constantFrom(...BAD_ENCODINGS), who: fc.constantFrom(t.clerk, t.owner, undefined) }).map(
    ({ op, bad, who }): Hostile => ({ category: 'malformed percent-encoding', method: op.method, path: op.path.replace(/\{[^}]+\}/g, bad), ...(who ? { caller: who } : {}), body: op.method === 'POST' ? '{}' : undefined, expect: 'reject' }),
  );

  const deep = fc
    .record({ depth: fc.oneof(fc.integer({ min: 7, max: 64 }), fc.integer({ min: 1000, max: 20000 })), key: fc.constantFrom('d', '[]', 'level'), where: fc.constantFrom('body', 'form', 'applicant', 'materials') })
    .map(({ depth, key, where }): Hostile => {
      const inner = nested(depth, key);
      const body = where === 'body' ? inner : json({ ...t.itemBody(), [where]: '<deep>' }).replace('"<deep>"', inner);
      return { category: 'deeply nested JSON', method: 'POST', path: '/api/v1/applications', caller: t.owner, body, expect: 'reject' };
    });

  const huge = fc.record({ kb: fc.integer({ min: 257, max: 2048 }), where: fc.constantFrom('form', 'comment', 'raw') }).map(({ kb, where }): Hostile => {
    const filler = 'x'.repeat(kb * 1024);
    const body = where === 'raw' ? `[${'1,'.repeat(kb * 512)}1]` : json(where === 'form' ? { ...t.itemBody(), form: { filler } } : { level: 3, comment: filler });
    return { category: 'oversize JSON body', method: 'POST', path: where === 'comment' ? `${app}/rating` : '/api/v1/applications', caller: t.owner, body, expect: 'reject' };
  });

  const wrongTypes = fc
    .record({
      replace: fc.option(fc.tuple(fc.constantFrom('itemCode', 'channel', 'applicant', 'materials', 'delivery', 'form', 'catalogVersion'), oddValue), { nil: undefined, freq: 5 }),
      extra: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), oddValue), { nil: undefined }),
      bundle: fc.boolean(),
    })
    .map(({ replace, extra, bundle }): Hostile => {
      // Now and then neither a field replaced nor one added: a valid submission among the draws, accepted.
      const body: Record<string, unknown> = bundle ? t.bundleBody() : t.itemBody();
      if (replace) body[replace[0]] = replace[1];
      if (extra) body[extra[0]] = extra[1];
      return { category: 'wrong types and unknown fields', method: 'POST', path: bundle ? '/api/v1/bundles' : '/api/v1/applications', caller: t.owner, body: json(body), expect: 'either' };
    });

  const notJson = fc
    .record({ text: fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', 'null', '[]', '"x"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}')), type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x') })
    .map(({ text, type }): Hostile => ({ category: 'not JSON, or JSON of the wrong shape', method: 'POST', path: '/api/v1/applications', caller: t.owner, headers: { 'Content-Type': type }, body: text, expect: 'reject' }));

  const badToken = fc.record({ kind: fc.constantFrom(...Object.keys(t.badTokens)), op: fc.constantFrom(...protectedOps) }).map(
    ({ kind, op }): Hostile => ({ category: `token: ${kind}`, method: op.method, path: concrete(op.path), authorization: t.badTokens[kind]!, body: op.method === 'POST' ? '{}' : undefined, expect: 'reject' }),
  );

  const otherApplicant = fc.constantFrom(
    { method: 'GET' as const, path: app, body: undefined },
    { method: 'GET' as const, path: `/api/v1/bundles/${t.bundleId}`, body: undefined },
    { method: 'POST' as const, path: `${app}/withdraw`, body: json({ reason: 'not mine' }) },
    { method: 'POST' as const, path: `${app}/supplements`, body: json({ materials: [{ code: 'id-card', source: 'upload' }] }) },
    { method: 'POST' as const, path: `${app}/rating`, body: json({ level: 1 }) },
    { method: 'GET' as const, path: `/api/v1/applications/${t.seeded.applicationId}`, body: undefined },
  ).map((r): Hostile => ({ category: "another applicant's ids", ...r, caller: t.otherApplicant, expect: 'reject' }));

  const otherDepartment = fc.constantFrom(...CLERK_STEPS).map(([action, body]): Hostile => ({
    category: "another department's case",
    method: 'POST',
    path: `${app}/${action}`,
    caller: t.otherClerk,
    body: body === undefined ? undefined : json(body),
    ifMatchOffset: 0,
    expect: 'reject',
  }));

  const ifMatch = fc
    .record({ step: fc.constantFrom(...CLERK_STEPS), game: fc.constantFrom('*', 'W/"0"', 'stale', 'ahead', 'list', 'garbage', 'empty', '"-1"', '"1e3"', 'missing', '"0x1"', '" 1"') })
    .map(({ step: [action, body], game }): Hostile => {
      const base: Hostile = { category: 'If-Match games', method: 'POST', path: `${app}/${action}`, caller: t.clerk, body: body === undefined ? undefined : json(body), expect: 'reject' };
      if (game === 'stale') return { ...base, ifMatchOffset: -1 };
      if (game === 'ahead') return { ...base, ifMatchOffset: 5 };
      if (game === 'missing') return base;
      const value = game === 'list' ? '"0", "1"' : game === 'garbage' ? 'etag-please' : game === 'empty' ? '' : game;
      return { ...base, headers: { 'If-Match': value } };
    });

  const headerGames = fc
    .record({ kind: fc.constantFrom('one huge header', 'many headers', 'huge url', 'bad idempotency key', 'min position beyond head', 'min position garbage'), size: fc.integer({ min: 9, max: 64 }) })
    .map(({ kind, size }): Hostile => {
      // A header or URL under the server's limits is a valid read: only what breaks a rule must be refused.
      const refused = kind === 'bad idempotency key' || kind.startsWith('min position');
      const read: Hostile = { category: `headers: ${kind}`, method: 'GET', path: app, caller: t.owner, expect: refused ? 'reject' : 'either' };
      switch (kind) {
        case 'one huge header':
          return { ...read, headers: { 'X-Filler': 'x'.repeat(size * 1024) } };
        case 'many headers':
          return { ...read, headers: Object.fromEntries(Array.from({ length: size * 40 }, (_, i) => [`X-H${i}`, 'y'.repeat(20)])) };
        case 'huge url':
          return { ...read, path: `${app}?q=${'z'.repeat(size * 1024)}` };
        case 'bad idempotency key':
          return { ...read, method: 'POST', path: '/api/v1/applications', body: json(t.itemBody()), headers: { 'Idempotency-Key': size % 2 ? 'k'.repeat(256 + size) : 'kéy with spaces' } };
        case 'min position beyond head':
          return { ...read, headers: { 'X-Min-Position': String(1e12 + size) } };
        default:
          return { ...read, headers: { 'X-Min-Position': size % 2 ? '-1' : '1e3' } };
      }
    });

  const queryGames = fc
    .record({ op: fc.constantFrom(...t.templates.filter((op) => op.method === 'GET' && op.roles !== null && !op.path.includes('{'))), query: fc.constantFrom('limit=-1', 'limit=1e9', 'from=2026-13&to=2026-01', '__proto__[x]=1', 'scope=everything', 'department=%E0%A4%A', 'groupBy=evil', 'a=1&a=2&a=3', 'limit[]=1', 'byMonth=maybe') })
    .map(({ op, query }): Hostile => {
      const who = op.roles!.includes('supervisor') ? t.supervisor : op.roles!.includes('clerk') ? t.clerk : op.roles!.includes('admin') ? t.admin : t.owner;
      return { category: 'query games', method: 'GET', path: `${concrete(op.path)}?${query}`, caller: who, expect: 'either' };
    });

  return fc.oneof(
    { weight: 2, arbitrary: badEncoding },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: huge },
    { weight: 3, arbitrary: wrongTypes },
    { weight: 1, arbitrary: notJson },
    { weight: 3, arbitrary: badToken },
    { weight: 2, arbitrary: otherApplicant },
    { weight: 1, arbitrary: otherDepartment },
    { weight: 2, arbitrary: ifMatch },
    { weight: 2, arbitrary: headerGames },
    { weight: 1, arbitrary: queryGames },
  );
}
