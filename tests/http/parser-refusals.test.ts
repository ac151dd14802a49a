import { connect } from 'node:net';
import { expect } from 'chai';
import { startServer } from '../../infra/http/server.js';
import type { RunningServer } from '../../infra/http/server.js';
import { createLogger } from '../../infra/logging/logger.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { ZHANG, itemBody, submitItem } from './support/api-flows.js';
import { checkedFetch, conformanceOf } from './support/checked-request.js';
import { problemOf } from './support/bodies.js';

// Issue 18's fuzz run (npm run torture:fuzz): headers over Node's limit were answered by Node's parser with
// a bare 431 and no body, and a body in a charset the parser cannot read with a 415 the document did not
// list. Every refusal is problem+json as documented, and changes nothing.
describe('requests refused before any route', () => {
  let h: ApiHarness;
  let server: RunningServer;
  let id = '';
  before(async () => {
    h = await startApi({ date: '2026-06-01' });
    id = await submitItem(h);
    server = await startServer({ app: h.api.app, host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }), shutdownTimeoutMs: 2000 });
  });
  after(async () => {
    await server.shutdown('test done');
    await h.dispose();
  });

  it('answers headers over the limit with 431 problem+json, as documented', async () => {
    const head = await h.head();
    const res = await checkedFetch(`${server.url}${API}/applications/${id}`, { headers: { Authorization: await h.bearer(ZHANG), 'X-Filler': 'x'.repeat(20_000) } });
    expect(res.status).to.equal(431);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(problemOf({ body: await res.json() })).to.include({ status: 431 });
    const url = await checkedFetch(`${server.url}${API}/applications/${id}?q=${'z'.repeat(20_000)}`, { headers: { Authorization: await h.bearer(ZHANG) } });
    expect(url.status).to.equal(431);
    expect(await h.head()).to.equal(head);
  });

  it('answers a body in a charset it cannot read with 415 problem+json, as documented, appending nothing', async () => {
    const head = await h.head();
    const res = await checkedFetch(`${server.url}${API}/applications`, {
      method: 'POST',
      headers: { Authorization: await h.bearer(ZHANG), 'Content-Type': 'application/json; charset=latin1' },
      body: JSON.stringify(itemBody()),
    });
    expect(res.status).to.equal(415);
    expect(await h.head()).to.equal(head);
  });

  it('answers bytes that are not HTTP with 400 problem+json and closes the connection', async () => {
    const check = await conformanceOf({ app: h.api.app });
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect(new URL(server.url).port === '' ? 80 : Number(new URL(server.url).port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).to.match(/^HTTP\/1\.1 400 /).and.match(/Connection: close/i);
    await check({ method: 'get', url: `${API}/applications/${id}`, status: 400, contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1], text: body });
    expect(problemOf({ body: JSON.parse(body) as unknown })).to.include({ status: 400 });
  });
});
