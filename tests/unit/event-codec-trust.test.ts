import { expect } from 'chai';
import { z } from 'zod';
import { createRegistry, defineEvent, eventRegistry } from '../../events/index.js';
import { decodeEvent, decodeEventRow, encodeEvents } from '../../infra/store/event-codec.js';
import type { StoredEvent, StoredEventRow } from '../../infra/store/event-codec.js';
import { applicationSubmitted, LIFECYCLE_LENGTH, lifecycleEvent, visitRecorded } from '../support/sample-events.js';

/** Rows as a store would hold them after encodeEvents. */
function stored(events: Parameters<typeof encodeEvents>[1]): StoredEvent[] {
  return encodeEvents(eventRegistry, events).map((e, i) => ({ position: i + 1, streamId: 'application-x', revision: i, ...e }));
}

const asRow = (s: StoredEvent): StoredEventRow => [s.position, s.streamId, s.revision, s.eventId, s.type, s.schemaVersion, s.data, s.metadata];

describe('event codec: reads that trust the current schema version', () => {
  const rows = stored([applicationSubmitted(), visitRecorded(), ...Array.from({ length: LIFECYCLE_LENGTH }, (_, step) => lifecycleEvent(step))]);

  it('decodes what encodeEvents wrote exactly as a validating read does, as objects or raw rows', () => {
    for (const row of rows) {
      const validated = decodeEvent(eventRegistry, row, 'none');
      expect(decodeEvent(eventRegistry, row, 'current')).to.deep.equal(validated);
      expect(decodeEventRow(eventRegistry, asRow(row), 'current')).to.deep.equal(validated);
      expect(decodeEventRow(eventRegistry, asRow(row), 'none')).to.deep.equal(validated);
      const lazy = decodeEventRow(eventRegistry, asRow(row), 'current', true);
      expect({ ...lazy, metadata: lazy.metadata }).to.deep.include({ ...validated });
    }
  });

  it('still lifts and validates an event stored under an older schema version', () => {
    const v2 = defineEvent('Rated', z.object({ stars: z.number(), tags: z.array(z.string()) }), {
      version: 2,
      upcasters: { 1: (d) => ({ ...(d as object), tags: ['unknown'] }) },
    });
    const registry = createRegistry([v2]);
    const old: StoredEvent = { ...rows[0]!, type: 'Rated', schemaVersion: 1, data: '{"stars":2}' };
    expect(decodeEvent(registry, old, 'current')).to.include({ schemaVersion: 2 });
    expect(decodeEvent(registry, old, 'current').data).to.deep.equal({ stars: 2, tags: ['unknown'] });
    const broken: StoredEvent = { ...old, data: '{"stars":"two"}' };
    expect(() => decodeEvent(registry, broken, 'current')).to.throw(/does not parse/);
  });

  it('validates current-version rows too when told to trust nothing', () => {
    const tampered: StoredEvent = { ...rows[1]!, data: '{"hall":42}' };
    expect(() => decodeEvent(eventRegistry, tampered, 'none')).to.throw(/does not parse/);
    expect(() => decodeEventRow(eventRegistry, asRow(tampered), 'none')).to.throw(/does not parse/);
    // Trusted, the row is taken as written: only encodeEvents (validation on append) guards it.
    expect(decodeEvent(eventRegistry, tampered, 'current').data).to.deep.equal({ hall: 42 });
  });

  it('refuses an unknown event type whatever the trust', () => {
    const unknown: StoredEvent = { ...rows[0]!, type: 'NoSuchEvent' };
    expect(() => decodeEvent(eventRegistry, unknown, 'current')).to.throw();
    expect(() => decodeEvent(eventRegistry, unknown, 'none')).to.throw();
  });
});
