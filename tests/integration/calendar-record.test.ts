import { expect } from 'chai';
import { createCommandHandler } from '../../infra/commands/index.js';
import { recordCalendarInForce, recordedCalendars } from '../../infra/application/calendar-stream.js';
import type { EventStore } from '../../infra/store/port.js';
import { createLogger } from '../../infra/logging/logger.js';
import { sqliteFileStore } from '../support/sqlite-harness.js';
import type { StoreUnderTest } from '../contract/event-store-contract.js';

// The `calendar` stream as API processes record the calendar they start on (DESIGN.md §5).

describe('recording the calendar in force', () => {
  let sut: StoreUnderTest;
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger({ level: 'info', sink: { write: (l: string) => lines.push(JSON.parse(l) as { level: string; msg: string }) } });
  const options = { logger };
  // Each process records through its own command handler, as serve does.
  const handlerOf = (store: EventStore) => createCommandHandler({ store, clock: () => new Date('2020-01-28T01:30:00Z') });

  beforeEach(async () => {
    sut = await sqliteFileStore()();
    lines.length = 0;
  });
  afterEach(() => sut.dispose());

  it('records a version not recorded last, once, with the exact expected revision', async () => {
    expect(await recordCalendarInForce(handlerOf(sut.store), { version: 'v1' }, options)).to.equal('recorded');
    expect(await recordCalendarInForce(handlerOf(sut.store), { version: 'v1' }, options)).to.equal('current');
    expect(await recordCalendarInForce(handlerOf(sut.store), { version: 'v2' }, options)).to.equal('recorded');
    const events = await sut.store.readStream('calendar');
    expect(events.map((e) => [e.type, e.revision, e.data])).to.deep.equal([
      ['CalendarRevised', 0, { version: 'v1', note: 'working-day calendar v1 in force' }],
      ['CalendarRevised', 1, { version: 'v2', note: 'working-day calendar v2 in force, replacing v1' }],
    ]);
    expect(events[1]?.metadata).to.include({ channel: 'system', occurredAt: '2020-01-28T09:30:00.000+08:00' });
  });

  it('leaves an out-of-date version unrecorded and warns', async () => {
    await recordCalendarInForce(handlerOf(sut.store), { version: 'v1' }, options);
    await recordCalendarInForce(handlerOf(sut.store), { version: 'v2' }, options);
    expect(await recordCalendarInForce(handlerOf(sut.store), { version: 'v1' }, options)).to.equal('out-of-date');
    expect((await recordedCalendars(sut.store)).versions).to.deep.equal(['v1', 'v2']);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).to.have.length(1);
  });

  it('two processes starting at once on one new version record it once; on two new versions, both in turn', async () => {
    const another = await sut.connectAnother!();
    await recordCalendarInForce(handlerOf(sut.store), { version: 'v1' }, options);
    const same = await Promise.all([recordCalendarInForce(handlerOf(sut.store), { version: 'v2' }, options), recordCalendarInForce(handlerOf(another), { version: 'v2' }, options)]);
    expect(same.sort()).to.deep.equal(['current', 'recorded']);
    const both = await Promise.all([recordCalendarInForce(handlerOf(sut.store), { version: 'v3' }, options), recordCalendarInForce(handlerOf(another), { version: 'v4' }, options)]);
    expect(both).to.deep.equal(['recorded', 'recorded']);
    const { versions } = await recordedCalendars(sut.store);
    expect(versions.slice(0, 2)).to.deep.equal(['v1', 'v2']);
    expect(versions.slice(2).sort()).to.deep.equal(['v3', 'v4']);
  });
});
