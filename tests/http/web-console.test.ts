import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Response } from 'supertest';
import { tempDir } from '../support/sqlite-harness.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';

// The web console's files, served by the API server at / (infra/http/web-console.ts), here from a stand-in
// bundle laid out as Vite writes it: index.html and content-hashed assets.

const PAGE = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-3f2a9c.js"></script></head><body><div id="app"></div></body></html>';

describe('the web console served at /', () => {
  const bundle = tempDir('hrss-web-');
  let api: ApiHarness;
  const page = (res: Response): void => {
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.text).to.equal(PAGE);
    expect(res.headers['cache-control']).to.equal('no-cache');
  };

  before(async () => {
    mkdirSync(path.join(bundle.dir, 'assets'));
    writeFileSync(path.join(bundle.dir, 'index.html'), PAGE);
    writeFileSync(path.join(bundle.dir, 'assets', 'index-3f2a9c.js'), 'console.log("console");\n');
    api = await startApi({ webConsoleDir: bundle.dir });
  });
  after(async () => {
    await api.dispose();
    bundle.remove();
  });

  const browser = (p: string): Promise<Response> => api.undocumented('the web console, outside the API').get(p, undefined, { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });

  it('answers a page load of / and of each console page with index.html, never cached without asking again, under the CSP', async () => {
    for (const p of ['/', '/sign-in', '/clerk', '/supervisor?from=2025-01&department=FSRS-SBJ', '/applicant']) {
      const res = await browser(p);
      page(res);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).to.contain("script-src 'self'");
      expect(csp).not.to.contain('unsafe-eval');
    }
  });

  it('serves hashed assets for a year (immutable)', async () => {
    const res = await api.undocumented('a console asset').get('/assets/index-3f2a9c.js');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/javascript/);
    expect(res.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
  });

  it('leaves the API as it was: unknown API paths and non-browser requests keep their problem+json 404', async () => {
    for (const res of [await browser(`${API}/nowhere`), await api.undocumented('no such path').get('/nowhere'), await browser('/assets/missing-000.js')]) {
      expect(res.status).to.equal(404);
      expect(res.headers['content-type']).to.match(/application\/problem\+json/);
    }
    expect((await api.get(`${API}/catalog/bundles`)).status).to.equal(200);
    expect((await api.get('/health')).status).to.equal(200);
  });
});

describe('a server without a built console', () => {
  const empty = tempDir('hrss-web-empty-');
  let api: ApiHarness;
  before(async () => {
    api = await startApi({ webConsoleDir: empty.dir });
  });
  after(async () => {
    await api.dispose();
    empty.remove();
  });

  it('answers / with the problem+json 404 and the API as usual', async () => {
    const res = await api.undocumented('no console built').get('/', undefined, { Accept: 'text/html' });
    expect(res.status).to.equal(404);
    expect((await api.get(`${API}/catalog/bundles`)).status).to.equal(200);
  });
});
