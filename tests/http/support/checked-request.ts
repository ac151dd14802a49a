import { AssertionError } from 'node:assert';
import supertest from 'supertest';
import type { Response, Test } from 'supertest';
import { ResponseConformance } from './openapi-conformance.js';
import type { Answer, OpenApiDoc } from './openapi-conformance.js';

export type { Answer } from './openapi-conformance.js';

/**
 * Every answer an HTTP test receives is checked against the OpenAPI document the same app serves
 * (GET /api/v1/openapi.json): its status is documented for the operation, its content type for the status,
 * and its body is valid against the schema. Use `request(app)` from here instead of supertest, and
 * `checkedFetch` instead of fetch. A test that means to receive an answer the document does not describe (a
 * route that does not exist, a static asset) says so per call with `.undocumented(reason)`; such a call
 * fails if the answer turns out documented, so a stale opt-out does not outlive its reason.
 */

export const OPENAPI_PATH = '/api/v1/openapi.json';

type App = Parameters<typeof supertest>[0];

export type CheckedTest = Test & {
  /** This call's answer is not described by the document, on purpose; `reason` says why. */
  undocumented(reason: string): CheckedTest;
};

export interface CheckedRequest {
  get(url: string): CheckedTest;
  post(url: string): CheckedTest;
  put(url: string): CheckedTest;
  patch(url: string): CheckedTest;
  delete(url: string): CheckedTest;
  head(url: string): CheckedTest;
  options(url: string): CheckedTest;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** supertest's `request(app)`, each answer checked against the app's served OpenAPI document. */
export function request(app: App): CheckedRequest {
  const agent = supertest(app);
  return Object.fromEntries(METHODS.map((method) => [method, (url: string) => checked(app, agent[method](url), method, url)])) as unknown as CheckedRequest;
}

function checked(app: App, test: Test, method: string, url: string): CheckedTest {
  let optOut: string | undefined;
  const sent: Test['then'] = test.then.bind(test);
  const result = test as CheckedTest;
  result.undocumented = (reason: string) => {
    optOut = requireReason(reason);
    return result;
  };
  // supertest sends on `then` (what `await` calls); the check runs once its own expectations have passed.
  result.then = ((onFulfilled, onRejected) =>
    sent((res) => checkAnswer(conformanceOfApp(app), answerOf(method, url, res), optOut).then(() => res)).then(onFulfilled, onRejected)) as Test['then'];
  return result;
}

function answerOf(method: string, url: string, res: Response): Answer {
  const body: unknown = res.body;
  const text = typeof res.text === 'string' ? res.text : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  return { method, url, status: res.status, contentType: res.headers['content-type'], text };
}

export interface CheckedFetchOptions {
  /** This call's answer is not described by the document, on purpose; the reason says why. */
  undocumented?: string;
}

/** fetch, its answer checked against the OpenAPI document served at the same origin. */
export async function checkedFetch(url: string, init: RequestInit = {}, options: CheckedFetchOptions = {}): Promise<globalThis.Response> {
  const optOut = options.undocumented === undefined ? undefined : requireReason(options.undocumented);
  const res = await fetch(url, init);
  const answer: Answer = {
    method: init.method ?? 'GET',
    url,
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    text: await res.clone().text(),
  };
  await checkAnswer(documentAt(new URL(url).origin), answer, optOut);
  return res;
}

/**
 * The check against the document an app serves, fetched now: for answers received through another client
 * (a raw connection held open through a graceful shutdown, when the server takes no new one).
 */
export async function conformanceOf(target: { app: App }): Promise<(answer: Answer, undocumented?: string) => Promise<void>> {
  const conformance = await conformanceOfApp(target.app);
  return (answer, undocumented) => checkAnswer(Promise.resolve(conformance), answer, undocumented === undefined ? undefined : requireReason(undocumented));
}

function documentAt(origin: string): Promise<ResponseConformance> {
  return documentFrom(async () => {
    const served = await fetch(`${origin}${OPENAPI_PATH}`);
    return { status: served.status, body: (await served.json()) as unknown };
  });
}

/** Fetched once per app: the document is built from the routes, which do not change while it runs. */
const documents = new WeakMap<object, Promise<ResponseConformance>>();
const compiled = new Map<string, ResponseConformance>();

function conformanceOfApp(app: App): Promise<ResponseConformance> {
  if (typeof app === 'string') return documentFrom(() => servedBy(app));
  let conformance = documents.get(app);
  if (!conformance) {
    conformance = documentFrom(() => servedBy(app));
    documents.set(app, conformance);
  }
  return conformance;
}

async function servedBy(app: App): Promise<{ status: number; body: unknown }> {
  const res = await supertest(app).get(OPENAPI_PATH);
  return { status: res.status, body: res.body as unknown };
}

async function documentFrom(fetchDocument: () => Promise<{ status: number; body: unknown }>): Promise<ResponseConformance> {
  const served = await fetchDocument();
  if (served.status !== 200) throw new Error(`the app serves no OpenAPI document at ${OPENAPI_PATH} (status ${served.status})`);
  // Apps of the same routes serve the same document: its schemas are compiled once per test process.
  const text = JSON.stringify(served.body);
  const known = compiled.get(text);
  if (known) return known;
  const conformance = new ResponseConformance(served.body as OpenApiDoc);
  // The document's own answer is an answer like any other.
  const own = conformance.violations({ method: 'get', url: OPENAPI_PATH, status: 200, contentType: 'application/json', text: JSON.stringify(served.body) });
  if (own.length > 0) throw new AssertionError({ message: `GET ${OPENAPI_PATH} does not match its own document:\n  ${own.join('\n  ')}` });
  compiled.set(text, conformance);
  return conformance;
}

async function checkAnswer(conformance: Promise<ResponseConformance>, answer: Answer, optOut: string | undefined): Promise<void> {
  const violations = (await conformance).violations(answer);
  const call = `${answer.method.toUpperCase()} ${answer.url} → ${answer.status} ${answer.contentType ?? ''}`.trim();
  if (optOut === undefined && violations.length > 0) {
    throw new AssertionError({
      message: `${call} disagrees with the served OpenAPI document:\n  ${violations.slice(0, 10).join('\n  ')}\n  answer: ${answer.text.slice(0, 500)}`,
    });
  }
  if (optOut !== undefined && violations.length === 0) {
    throw new AssertionError({ message: `${call} is marked undocumented (${optOut}) but the document describes it: remove the opt-out` });
  }
}

function requireReason(reason: string): string {
  if (reason.trim().length < 10) throw new Error('an undocumented answer needs its reason (a sentence, not a word)');
  return reason;
}
