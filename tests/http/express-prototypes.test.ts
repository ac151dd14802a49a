import http from 'node:http';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { expressServerOptions } from '../../infra/http/express-prototypes.js';
import { startServer } from '../../infra/http/server.js';
import { createLogger } from '../../infra/logging/logger.js';

function get(url: string): Promise<{ status: number; body: string; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
      })
      .on('error', reject);
  });
}

/** An app whose one route reports whether the request and response arrived with the app's prototypes. */
function probeApp() {
  const app = express();
  const seen: { requestBorn: boolean; responseBorn: boolean }[] = [];
  // Runs before express's own handling would matter: the objects as the server built them.
  const server = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    seen.push({ requestBorn: Object.getPrototypeOf(req) === app.request, responseBorn: Object.getPrototypeOf(res) === app.response });
    app(req, res);
  };
  app.get('/probe/:id', (req, res) => {
    // express's own request and response methods, reached through the prototypes.
    res.status(201).set('X-Probe', req.get('x-probe') ?? 'none').json({ id: req.params.id, xhr: req.xhr, protocol: req.protocol });
  });
  return { app, server, seen };
}

describe('servers build requests with the express app’s prototypes', () => {
  it('gives each request and response the app’s prototypes from the start, with every express method working', async () => {
    const { app, server, seen } = probeApp();
    const running = await startServer({ app: server, prototypes: app, host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }), shutdownTimeoutMs: 1000 });
    try {
      const first = await get(`${running.url}/probe/a1`);
      const second = await get(`${running.url}/probe/b2`);
      expect(first.status).to.equal(201);
      expect(JSON.parse(first.body)).to.deep.equal({ id: 'a1', xhr: false, protocol: 'http' });
      expect(first.type).to.match(/^application\/json/);
      expect((JSON.parse(second.body) as { id: string }).id).to.equal('b2');
      expect(seen).to.deep.equal([
        { requestBorn: true, responseBorn: true },
        { requestBorn: true, responseBorn: true },
      ]);
    } finally {
      await running.shutdown('test');
    }
  });

  it('uses the app itself when it is an express app', async () => {
    const { app } = probeApp();
    const running = await startServer({ app, host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }), shutdownTimeoutMs: 1000 });
    try {
      const answer = await get(`${running.url}/probe/c3`);
      expect(answer.status).to.equal(201);
      expect(app.request).to.be.instanceOf(http.IncomingMessage);
      expect(app.response).to.be.instanceOf(http.ServerResponse);
    } finally {
      await running.shutdown('test');
    }
  });

  it('makes the classes once per app, and leaves the app working on any other server', async () => {
    const { app } = probeApp();
    const options = expressServerOptions(app);
    const request0 = app.request;
    expect(expressServerOptions(app)).to.equal(options);
    expect(app.request).to.equal(request0);
    // supertest builds its own server: express sets the prototypes on each request as usual.
    const answer = await request(app).get('/probe/d4').set('X-Probe', 'yes');
    expect(answer.status).to.equal(201);
    expect(answer.headers['x-probe']).to.equal('yes');
    expect(answer.body).to.deep.equal({ id: 'd4', xhr: false, protocol: 'http' });
  });
});
