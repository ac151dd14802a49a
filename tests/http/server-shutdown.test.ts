import http from 'node:http';
import { expect } from 'chai';
import { startServer } from '../../infra/http/server.js';
import { createLogger } from '../../infra/logging/logger.js';
import { makeTestApp, applicant } from './support/test-app.js';
import { probeRoutes } from './support/probe-routes.js';
import { conformanceOf } from './support/checked-request.js';

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; contentType?: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, contentType: res.headers['content-type'], connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('stops accepting, finishes the request in flight, then runs the close hooks in order', async () => {
    const probe = probeRoutes();
    const t = makeTestApp({ routes: [probe.module] });
    const events: string[] = [];
    const running = await startServer({
      app: (req, res) => {
        const url = req.url;
        res.on('finish', () => events.push(`sent ${url}`));
        t.app(req, res);
      },
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ level: 'silent' }),
      shutdownTimeoutMs: 5000,
      closeHooks: [
        { name: 'projections', close: () => void events.push('projections closed') },
        { name: 'store', close: () => Promise.resolve().then(() => void events.push('store closed')) },
      ],
    });
    const auth = await t.bearer(applicant());
    // The document the app serves, for the answer that arrives once the server takes no new connection.
    const conform = await conformanceOf({ app: t.app });
    const inFlight = get(`${running.url}/api/v1/probe/slow`, { Authorization: auth }, 'POST');
    while (probe.calls.slow !== 1) await new Promise((r) => setTimeout(r, 5));

    const stopped = running.shutdown('test');
    expect(running.draining()).to.equal(true);
    let refused: unknown;
    await get(`${running.url}/health`).catch((e: unknown) => (refused = e));
    expect((refused as NodeJS.ErrnoException | undefined)?.code).to.equal('ECONNREFUSED');
    expect(events).to.deep.equal([]);

    probe.gate.release();
    const response = await inFlight;
    expect(response.status).to.equal(200);
    expect(response.connection).to.equal('close');
    await conform({ method: 'POST', url: '/api/v1/probe/slow', status: response.status, contentType: response.contentType, text: response.body });
    await stopped;
    expect(events).to.deep.equal(['sent /api/v1/probe/slow', 'projections closed', 'store closed']);
    expect(running.server.listening).to.equal(false);
    await running.shutdown('again');
    t.close();
  });

  it('cuts requests that outlast the shutdown timeout and still closes the stores', async () => {
    const probe = probeRoutes();
    const t = makeTestApp({ routes: [probe.module] });
    let closed = false;
    const running = await startServer({
      app: t.app,
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ level: 'silent' }),
      shutdownTimeoutMs: 100,
      closeHooks: [{ name: 'store', close: () => void (closed = true) }],
    });
    const hung = get(`${running.url}/api/v1/probe/slow`, { Authorization: await t.bearer(applicant()) }, 'POST').catch((e: unknown) => e);
    while (probe.calls.slow !== 1) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await running.shutdown('test');
    expect(Date.now() - started).to.be.lessThan(2000);
    expect(closed).to.equal(true);
    expect(await hung).to.be.instanceOf(Error);
    probe.gate.release();
    t.close();
  });
});
