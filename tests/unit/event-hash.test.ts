import { expect } from 'chai';
import { anchorStep, chainEncoding, chainHash, GENESIS_HASH } from '../../infra/store/event-hash.js';
import type { ChainedFields } from '../../infra/store/event-hash.js';

// Known vectors, computed outside this code base (Python: hashlib.sha256 over json.dumps(..., ensure_ascii=False,
// separators=(',', ':'))): a change to the encoding, however small, breaks every stored chain and must fail here.
const first: ChainedFields = {
  position: 1,
  streamId: 'application-7d0f3c9e-5b1a-4c2e-9f00-1a2b3c4d5e6f',
  revision: 0,
  eventId: '0b8f6a52-3e1d-4c7a-8f2b-9d6e5c4b3a21',
  type: 'ApplicationSubmitted',
  schemaVersion: 1,
  data: '{"itemCode":"440600-001","applicant":"张三","note":"line\\nbreak \\"quoted\\""}',
  metadata:
    '{"actor":{"role":"applicant","id":"applicant-1"},"channel":"online","commandId":"c-1","correlationId":"c-1","causationId":"c-1","occurredAt":"2020-06-01T09:30:00.000+08:00"}',
};
const FIRST = 'd4a3f88d86ac4dd982bfed3e3f43f6bc2864d99ae06dd0e180861236d613b89f';

describe('the event chain encoding (v1, known vectors)', () => {
  it('encodes an event as the JSON array of its fields and its predecessor, data and metadata as stored text', () => {
    expect(chainEncoding(first, GENESIS_HASH)).to.equal(
      '["hrss-chain/1",1,"application-7d0f3c9e-5b1a-4c2e-9f00-1a2b3c4d5e6f",0,"0b8f6a52-3e1d-4c7a-8f2b-9d6e5c4b3a21","ApplicationSubmitted",1,' +
        '"{\\"itemCode\\":\\"440600-001\\",\\"applicant\\":\\"张三\\",\\"note\\":\\"line\\\\nbreak \\\\\\"quoted\\\\\\"\\"}",' +
        '"{\\"actor\\":{\\"role\\":\\"applicant\\",\\"id\\":\\"applicant-1\\"},\\"channel\\":\\"online\\",\\"commandId\\":\\"c-1\\",\\"correlationId\\":\\"c-1\\",\\"causationId\\":\\"c-1\\",\\"occurredAt\\":\\"2020-06-01T09:30:00.000+08:00\\"}",' +
        `"${GENESIS_HASH}"]`,
    );
  });

  it('hashes the first event of a global chain onto GENESIS', () => {
    expect(chainHash(first, GENESIS_HASH)).to.equal(FIRST);
  });

  it('hashes the next event onto the first', () => {
    const second = { ...first, position: 2, revision: 1, eventId: '1c9f7b63-4f2e-4d8b-9a3c-ae7f6d5c4b32', type: 'ApplicationAccepted', data: '{}' };
    expect(chainHash(second, FIRST)).to.equal('0caa1e7810a6edb27648e3bdb4320dfc2b2deded2529469803cef6f13c86966b');
  });

  it('hashes a stream-chained event with a null position', () => {
    expect(chainHash({ ...first, position: null }, GENESIS_HASH)).to.equal('b14fc34cad8e849aa1e158741ca1585b0f15d0d51f18f597608b279a319c3ea8');
  });

  it('steps the global anchor of a stream-chained log', () => {
    expect(anchorStep(GENESIS_HASH, 1, FIRST)).to.equal('beed73350caddb12acb7ad868e6c70f20cd12c09716fb3ff939d48ffb04c99fc');
  });

  it('changes with any field', () => {
    const base = chainHash(first, GENESIS_HASH);
    const variants: ChainedFields[] = [
      { ...first, position: 2 },
      { ...first, streamId: `${first.streamId}x` },
      { ...first, revision: 1 },
      { ...first, eventId: first.eventId.replace('0b', '0c') },
      { ...first, type: 'ApplicationAccepted' },
      { ...first, schemaVersion: 2 },
      { ...first, data: first.data.replace('张三', '李四') },
      { ...first, metadata: first.metadata.replace('09:30', '09:31') },
    ];
    for (const v of variants) expect(chainHash(v, GENESIS_HASH)).to.not.equal(base);
    expect(chainHash(first, FIRST)).to.not.equal(base);
  });
});
