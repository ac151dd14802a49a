import { expect } from 'chai';
import { anchorStep, chainEncoding, chainHash, GENESIS_HASH } from '../../infra/store/event-hash.js';
import type { ChainedFields } from '../../infra/store/event-hash.js';

// Known vectors, computed outside this code base (Python: hashlib.sha256 over json.dumps(head, ensure_ascii=False,
// separators=(',', ':')) + '\n' + data + metadata): a change to the encoding, however small, breaks every
// stored chain and must fail here.
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
const FIRST = '783d9fce8c66fb0f68d94c9334670c406ac5995ed0885cd6f1c153f7d5224059';

describe('the event chain encoding (v1, known vectors)', () => {
  it('encodes an event as a JSON head (its fields, the byte lengths of its texts, its predecessor), then the stored texts as they are', () => {
    expect(chainEncoding(first, GENESIS_HASH)).to.equal(
      '["hrss-chain/1",1,"application-7d0f3c9e-5b1a-4c2e-9f00-1a2b3c4d5e6f",0,"0b8f6a52-3e1d-4c7a-8f2b-9d6e5c4b3a21","ApplicationSubmitted",1,78,173,' +
        `"${GENESIS_HASH}"]\n${first.data}${first.metadata}`,
    );
  });

  it('delimits the texts by their UTF-8 lengths: moving bytes from data to metadata changes the hash', () => {
    const moved = { ...first, data: first.data.slice(0, -1), metadata: first.data.slice(-1) + first.metadata };
    expect(chainEncoding(moved, GENESIS_HASH).split('\n').slice(1).join('\n')).to.equal(chainEncoding(first, GENESIS_HASH).split('\n').slice(1).join('\n'));
    expect(chainHash(moved, GENESIS_HASH)).to.not.equal(chainHash(first, GENESIS_HASH));
  });

  it('hashes the first event of a global chain onto GENESIS', () => {
    expect(chainHash(first, GENESIS_HASH)).to.equal(FIRST);
  });

  it('hashes the next event onto the first', () => {
    const second = { ...first, position: 2, revision: 1, eventId: '1c9f7b63-4f2e-4d8b-9a3c-ae7f6d5c4b32', type: 'ApplicationAccepted', data: '{}' };
    expect(chainHash(second, FIRST)).to.equal('bbd1bd47308796747a42a0ee61954bbd5e3e425125a3389957102ecc44c8e62d');
  });

  it('hashes a stream-chained event with a null position', () => {
    expect(chainHash({ ...first, position: null }, GENESIS_HASH)).to.equal('2a5f938b59c669739e67a77f99b0a5cf7b0770dda47a388b0324d1f5675216e0');
  });

  it('steps the global anchor of a stream-chained log', () => {
    expect(anchorStep(GENESIS_HASH, 1, FIRST)).to.equal('74ded9954ea2ec62d8429f0ab5a5010412b6d3954b1d1125c365c0898db168d8');
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
