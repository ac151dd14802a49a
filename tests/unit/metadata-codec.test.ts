import { expect } from 'chai';
import fc from 'fast-check';
import { ActorRole, Channel, EventMetadata, toShanghaiInstant } from '../../events/index.js';
import { encodeMetadata, HAND_PATH_MATCHES_SCHEMA } from '../../infra/store/metadata-codec.js';
import { sampleMetadata } from '../support/sample-events.js';

const sometimes = <T>(valid: fc.Arbitrary<T>, ...invalid: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 4, arbitrary: valid }, ...invalid.map((arbitrary) => ({ weight: 1, arbitrary })));

const id = sometimes(fc.string({ minLength: 1 }), fc.constant(''), fc.integer(), fc.constant(undefined), fc.constant(null));
const instant = sometimes(
  fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => toShanghaiInstant(ms)),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.string(),
  fc.constant('2020-10-09T09:30:00+08:00 '),
);
const actor = sometimes(
  fc.record({ role: sometimes(fc.constantFrom(...ActorRole.options), fc.string()), id }),
  fc.record({ role: fc.constantFrom(...ActorRole.options) }),
  fc.constant(null),
  fc.string(),
);
const metadata = fc.record(
  {
    actor,
    channel: sometimes(fc.constantFrom(...Channel.options), fc.string(), fc.constant(7)),
    commandId: id,
    correlationId: id,
    causationId: id,
    occurredAt: instant,
    extra: fc.anything(),
  },
  { requiredKeys: ['actor', 'channel', 'commandId', 'correlationId', 'causationId', 'occurredAt'] },
);

describe('metadata codec', () => {
  it('takes the hand path for the envelope as the schema declares it', () => {
    // When this fails the envelope gained or lost a field: teach metadata-codec.ts the new shape.
    expect(HAND_PATH_MATCHES_SCHEMA).to.equal(true);
  });

  it('accepts exactly what zod accepts and writes the JSON of zod’s output', () => {
    fc.assert(
      fc.property(fc.oneof(metadata, fc.anything()), (candidate) => {
        const zod = EventMetadata.safeParse(candidate);
        const encoded = encodeMetadata(candidate);
        expect(encoded.ok).to.equal(zod.success);
        if (encoded.ok && zod.success) expect(encoded.json).to.equal(JSON.stringify(zod.data));
      }),
      { numRuns: 2_000 },
    );
  });

  it('escapes what needs escaping and drops unknown keys', () => {
    const m = { ...sampleMetadata({ commandId: 'say "你好"\n\\' }), secret: 'x' };
    const encoded = encodeMetadata(m);
    expect(encoded.ok).to.equal(true);
    if (encoded.ok) expect(JSON.parse(encoded.json)).to.deep.equal(EventMetadata.parse(m));
  });

  it('names the failing fields under metadata.', () => {
    const encoded = encodeMetadata({ ...sampleMetadata(), channel: 'fax', occurredAt: '2020-10-09T01:30:00Z' });
    expect(encoded.ok).to.equal(false);
    if (!encoded.ok) expect(encoded.issues.map((i) => i.path).sort()).to.deep.equal(['metadata.channel', 'metadata.occurredAt']);
  });
});
