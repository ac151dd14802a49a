import { expect } from 'chai';
import { z } from 'zod';
import { createRegistry, defineEvent, eventRegistry, toShanghaiInstant, shanghaiDate } from '../../events/index.js';

describe('event registry', () => {
  it('knows every lifecycle event of DESIGN.md §4 exactly once', () => {
    const types = eventRegistry.types();
    for (const t of ['ApplicationSubmitted', 'SupplementRequested', 'ApplicationAccepted', 'DeemedAccepted', 'ClockSuspended',
      'ClockResumed', 'ExtensionGranted', 'DecisionMade', 'ResultIssued', 'ResultDispatched', 'ResultReceived', 'VisitRecorded',
      'ApplicationWithdrawn', 'ApplicationRated', 'BundleSubmitted', 'BundleCompleted', 'ReviewTicketOpened', 'ReportPublished']) {
      expect(types, t).to.include(t);
    }
    expect(new Set(types).size).to.equal(types.length);
  });

  it('refuses to declare a type twice', () => {
    const a = defineEvent('X', z.object({}));
    expect(() => createRegistry([a, a])).to.throw(/twice/);
  });

  it('reports the zod issues of invalid data with their paths', () => {
    const result = eventRegistry.validate('VisitRecorded', { hall: '', purpose: 'dance', visitedOn: '2020-13-01' });
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).to.deep.equal(['hall', 'purpose', 'visitedOn']);
  });

  it('lifts stored data through every upcaster from an older schema version', () => {
    const v3 = defineEvent('Rated', z.object({ stars: z.number(), tags: z.array(z.string()), channel: z.string() }), {
      version: 3,
      upcasters: {
        1: (d) => ({ ...(d as object), tags: [] }),
        2: (d) => ({ ...(d as object), channel: 'window' }),
      },
    });
    const registry = createRegistry([v3]);
    expect(registry.upcast('Rated', 1, { stars: 4 })).to.deep.equal({ version: 3, data: { stars: 4, tags: [], channel: 'window' } });
    expect(registry.upcast('Rated', 3, { stars: 2, tags: ['slow'], channel: 'fs12345' }).data).to.deep.equal({
      stars: 2, tags: ['slow'], channel: 'fs12345',
    });
    expect(() => registry.upcast('Rated', 4, {})).to.throw(/newer/);
  });

  it('refuses a version without its upcasters', () => {
    expect(() => defineEvent('Y', z.object({}), { version: 2 })).to.throw(/upcaster/);
  });

  it('writes instants with the +08:00 offset and reads Shanghai dates whatever the process zone', () => {
    const instant = toShanghaiInstant(Date.UTC(2020, 9, 1, 17, 30));
    expect(instant).to.equal('2020-10-02T01:30:00.000+08:00');
    expect(shanghaiDate(instant)).to.equal('2020-10-02');
    expect(shanghaiDate(new Date(Date.UTC(2020, 9, 1, 15, 59)))).to.equal('2020-10-01');
  });
});
