import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { openApiPath } from '../../infra/http/openapi/operation.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';

type Operation = { requestBody?: unknown; parameters?: { name: string; in: string }[]; responses: Record<string, unknown>; security?: unknown };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe('OpenAPI document of the composed API', () => {
  let h: ApiHarness;
  let doc: Doc;
  before(async () => {
    h = await startApi();
    doc = (await h.get(`${API}/openapi.json`)).body as Doc;
  });
  after(() => h.dispose());

  it('is valid OpenAPI 3.1 and lists every route of every group', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors, JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).to.equal(undefined);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.sort()).to.deep.equal(h.api.handle.operations.map((op) => `${op.method} ${openApiPath(op.path)}`).sort());
    expect(documented).to.include.members([
      `post ${API}/applications`,
      `post ${API}/bundles`,
      `get ${API}/me/applications`,
      `get ${API}/applications/{id}`,
      `get ${API}/applications/{id}/history`,
      `post ${API}/applications/{id}/decide`,
      `get ${API}/queue`,
      `get ${API}/metrics`,
      `get ${API}/reports/{month}`,
      `post ${API}/catalog/versions`,
    ]);
  });

  it('documents each body and query from its zod schema, If-Match on updates and the problems each can answer', () => {
    const submit = doc.paths[`${API}/applications`]!.post!;
    expect(JSON.stringify(submit.requestBody)).to.contain('SubmitApplication');
    expect(Object.keys(submit.responses)).to.include.members(['201', '400', '401', '403', '409', '422']);
    const decide = doc.paths[`${API}/applications/{id}/decide`]!.post!;
    expect(decide.parameters?.map((p) => `${p.in}:${p.name}`)).to.include.members(['path:id', 'header:If-Match', 'header:Idempotency-Key']);
    expect(Object.keys(decide.responses)).to.include.members(['200', '404', '412', '428']);
    const metrics = doc.paths[`${API}/metrics`]!.get!;
    expect(metrics.parameters?.map((p) => p.name)).to.include.members(['item', 'bundle', 'department', 'channel', 'from', 'to', 'groupBy', 'byMonth']);
  });
});
