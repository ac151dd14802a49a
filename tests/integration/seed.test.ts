import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'chai';
import { ONLINE_CHANNELS, eventRegistry } from '../../events/index.js';
import type { DataOf, ApplicationRated, ApplicationSubmitted, BundleSubmitted } from '../../events/index.js';
import { command as seedCommand } from '../../infra/cli/commands/seed.js';
import { aggregates, createCommandHandler } from '../../infra/commands/index.js';
import type { AggregateName } from '../../infra/commands/index.js';
import { createBundleProcessManager, createReviewProcessManager, createSqliteCheckpointStore, reviewTicketIdFor } from '../../infra/process-managers/index.js';
import { mixFor } from '../../infra/seed/channel-mix.js';
import { SeedRefusedError, seedDemo } from '../../infra/seed/seed-demo.js';
import type { SeedResult } from '../../infra/seed/seed-demo.js';
import type { EventStore, RecordedEvent } from '../../infra/store/port.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { loadBuiltinCatalog } from '../../services/catalog/index.js';
import { tempDir } from '../support/sqlite-harness.js';

const APPLICATIONS = 2_000;
const SEED = 7;

const openStore = (path: string): EventStore => createSqliteStore({ path, registry: eventRegistry, groupCommit: { maxBatch: 5_000, maxDelayMs: 0 } });

/** One digest over the whole log: ids, streams, types, data and metadata, in log order. */
function logDigest(events: readonly RecordedEvent[]): string {
  const hash = createHash('sha256');
  for (const e of events) hash.update(`${e.position}|${e.eventId}|${e.streamId}|${e.revision}|${e.type}|${JSON.stringify(e.data)}|${JSON.stringify(e.metadata)}\n`);
  return hash.digest('hex');
}

function byStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const list = streams.get(e.streamId) ?? [];
    list.push(e);
    streams.set(e.streamId, list);
  }
  return streams;
}

describe('seed --demo: a year of traffic through the pure deciders', function () {
  this.timeout(30_000);
  const dir = tempDir('hrss-seed-');
  let store: EventStore;
  let result: SeedResult;
  let log: RecordedEvent[];
  let streams: Map<string, RecordedEvent[]>;

  before(async () => {
    store = openStore(join(dir.dir, 'events.sqlite'));
    result = await seedDemo(store, { applications: APPLICATIONS, year: 2025, seed: SEED });
    log = await store.readAll();
    streams = byStream(log);
  });
  after(async () => {
    await store.close();
    dir.remove();
  });

  it('writes about the planned number of applications, bundles and events, all in the seeded year and after', () => {
    expect(result.tally.streams.applications).to.be.within(APPLICATIONS * 0.97, APPLICATIONS);
    expect(result.tally.streams.bundles).to.be.greaterThan(20);
    // The built-in catalog is published first, as `serve` would on a fresh store.
    expect(log[0]).to.include({ streamId: 'catalog', type: 'CatalogVersionPublished' });
    expect((log[0]!.data as { version: number }).version).to.equal(1);
    expect(log).to.have.length(result.tally.events + 1);
    expect(result.headPosition).to.equal(log.length);
    expect(log.every((e) => e.metadata.occurredAt.startsWith('2025') || e.metadata.occurredAt.startsWith('2026'))).to.equal(true);
    expect(log[1]!.metadata.occurredAt.startsWith('2025-01')).to.equal(true);
  });

  it('writes histories every stream re-folds through its evolve, revision by revision', () => {
    for (const [streamId, events] of streams) {
      if (streamId === 'catalog') continue;
      const aggregate = streamId.slice(0, streamId.indexOf('-')) as AggregateName;
      const spec = aggregates[aggregate];
      expect(spec, streamId).to.not.equal(undefined);
      events.forEach((e, i) => expect(e.revision, streamId).to.equal(i));
      const state = events.reduce((s, e) => {
        expect(spec.eventTypes.has(e.type), `${streamId} ${e.type}`).to.equal(true);
        return spec.decider.evolve(s, { type: e.type, data: e.data });
      }, spec.decider.initialState) as { status: string };
      expect(state.status, streamId).to.not.equal('none');
    }
  });

  it('covers the lifecycle: 秒批 and declined rules, 即办, supplements, suspensions, extensions, refusals, denials, withdrawals, every dispatch mode, visits', () => {
    const t = result.tally;
    expect(t.decisions.byRule).to.be.greaterThan(100);
    expect(t.decisions.instantApprovalDeclined).to.be.greaterThan(5);
    expect(t.decisions.decidedOnAcceptanceDay).to.be.greaterThan(t.decisions.byRule);
    expect(t.decisions.denied).to.be.greaterThan(0);
    expect(t.intake.supplementRequests).to.be.greaterThan(20);
    expect(t.intake.refused).to.be.greaterThan(0);
    expect(t.intake.withdrawn).to.be.greaterThan(0);
    expect(t.clock.suspensions).to.be.greaterThan(0);
    expect(t.clock.extensions).to.be.greaterThan(0);
    expect(Object.keys(t.dispatches).sort()).to.deep.equal(['electronic', 'express', 'pickup']);
    expect(t.eventsByType.VisitRecorded).to.be.greaterThan(0);
    // Ratings: overwhelmingly 4–5 stars.
    const ratings = Object.values(t.ratingsByLevel).reduce((a, b) => a + b, 0);
    expect(((t.ratingsByLevel['4'] ?? 0) + (t.ratingsByLevel['5'] ?? 0)) / ratings).to.be.greaterThan(0.93);
  });

  it('spreads submissions over the working days of 2025 only, with the Spring Festival gap', () => {
    const calendar = defaultCalendar();
    // Bundle members open when the members they wait for are approved, which may be in the new year.
    const submitted = log.filter((e) => (e.type === 'ApplicationSubmitted' && !(e.data as { bundleId?: string }).bundleId) || e.type === 'BundleSubmitted');
    const dates = submitted.map((e) => (e.data as { submittedOn: string }).submittedOn);
    expect(dates.every((d) => d.startsWith('2025') && calendar.isWorkday(d))).to.equal(true);
    // 2025-01-28 … 2025-02-04 was the Spring Festival holiday.
    expect(dates.filter((d) => d >= '2025-01-28' && d <= '2025-02-04')).to.have.length(0);
  });

  it('takes channels in the configured mix (within sampling error), mostly online', () => {
    const catalog = loadBuiltinCatalog();
    const observed: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const e of log) {
      if (e.type !== 'ApplicationSubmitted') continue;
      const d = e.data as DataOf<typeof ApplicationSubmitted>;
      if (d.bundleId) continue;
      observed[d.channel] = (observed[d.channel] ?? 0) + 1;
      const item = catalog.item(d.itemCode)!;
      const mix = mixFor(item, d.applicant.kind);
      const offered = item.channels.filter((c) => c in mix) as (keyof typeof mix)[];
      const total = offered.reduce((sum, c) => sum + mix[c], 0);
      for (const c of offered) expected[c] = (expected[c] ?? 0) + (total > 0 ? mix[c] / total : 1 / offered.length);
    }
    for (const [channel, e] of Object.entries(expected)) {
      const o = observed[channel] ?? 0;
      expect(Math.abs(o - e), `${channel}: ${o} observed, ${e.toFixed(0)} expected`).to.be.at.most(4 * Math.sqrt(e) + 5);
    }
    const all = Object.values(observed).reduce((a, b) => a + b, 0);
    const online = ONLINE_CHANNELS.reduce((sum, c) => sum + (observed[c] ?? 0), 0);
    expect(online / all).to.be.within(0.75, 0.92);
  });

  it('gives every bundle its members: each opened member is an application of that bundle, and every bundle completes', () => {
    let bundles = 0;
    for (const [streamId, events] of streams) {
      if (!streamId.startsWith('bundle-')) continue;
      bundles++;
      const submitted = events[0]!.data as DataOf<typeof BundleSubmitted>;
      const opened = events.filter((e) => e.type === 'BundleMemberOpened').map((e) => e.data as { itemCode: string; applicationId: string });
      const skipped = events.filter((e) => e.type === 'BundleMemberSkipped').map((e) => (e.data as { itemCode: string }).itemCode);
      expect([...opened.map((o) => o.itemCode), ...skipped].sort(), streamId).to.deep.equal(submitted.members.map((m) => m.itemCode).sort());
      expect(opened.length, streamId).to.be.greaterThan(0);
      for (const member of opened) {
        const first = streams.get(`application-${member.applicationId}`)?.[0];
        expect(first?.type).to.equal('ApplicationSubmitted');
        expect(first?.data).to.include({ bundleId: submitted.bundleId, itemCode: member.itemCode, channel: submitted.channel });
      }
      expect(events.at(-1)!.type, streamId).to.equal('BundleCompleted');
    }
    expect(bundles).to.equal(result.tally.streams.bundles);
  });

  it('opens a review ticket for every rating of 1–2 stars, which is called back and rectified, explained or voided', () => {
    const bad = log.filter((e) => e.type === 'ApplicationRated' && (e.data as DataOf<typeof ApplicationRated>).level <= 2);
    expect(bad.length).to.be.greaterThan(0);
    expect(result.tally.streams.reviewTickets).to.equal(bad.length);
    for (const rating of bad) {
      const ticket = streams.get(`review-${reviewTicketIdFor(rating.eventId)}`);
      expect(ticket?.[0]?.type).to.equal('ReviewTicketOpened');
      expect(ticket?.[0]?.data).to.include({ applicationId: rating.streamId.slice('application-'.length), level: (rating.data as { level: number }).level });
      expect(ticket?.some((e) => e.type === 'ReviewCallbackMade')).to.equal(true);
      expect(ticket?.some((e) => e.type === 'ReviewResolved' || (e.type === 'ReviewAppealDecided' && (e.data as { upheld: boolean }).upheld))).to.equal(true);
    }
  });

  it('leaves the live bundle and review process managers nothing to do: they would have written the same', async () => {
    const catalog = loadBuiltinCatalog();
    const commands = createCommandHandler({ store, catalog, calendar: defaultCalendar(), clock: () => new Date('2026-01-05T02:00:00Z') });
    const checkpoints = createSqliteCheckpointStore(':memory:');
    const bundlePm = createBundleProcessManager({ store, commands, catalog, checkpoints });
    const reviewPm = createReviewProcessManager({ store, commands, checkpoints });
    try {
      for (const event of log) {
        await bundlePm.react(event);
        await reviewPm.react(event);
      }
    } finally {
      await checkpoints.close();
    }
    expect(await store.headPosition()).to.equal(log.length);
  });

  it('writes the same log for the same seed, and another for another seed', async () => {
    const again = openStore(':memory:');
    const other = openStore(':memory:');
    try {
      const second = await seedDemo(again, { applications: APPLICATIONS, year: 2025, seed: SEED });
      expect(second.tally.events).to.equal(result.tally.events);
      expect(logDigest(await again.readAll())).to.equal(logDigest(log));
      await seedDemo(other, { applications: APPLICATIONS, year: 2025, seed: SEED + 1 });
      expect(logDigest(await other.readAll())).to.not.equal(logDigest(log));
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('refuses a store that holds applications, unless forced, and then adds a year with fresh ids', async () => {
    let refused: unknown;
    try {
      await seedDemo(store, { applications: 100, year: 2025, seed: SEED });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(SeedRefusedError);
    expect(await store.headPosition()).to.equal(log.length);
    // Forced, on top: the catalog already in force is used, nothing is published twice.
    const forced = await seedDemo(store, { applications: 100, year: 2024, seed: SEED, force: true });
    expect(forced.headPosition).to.equal(log.length + forced.tally.events);
  });
});

describe('seed CLI: npm run seed -- --demo', function () {
  this.timeout(30_000);
  const dir = tempDir('hrss-seed-cli-');
  after(() => dir.remove());

  const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const code = await seedCommand.run(args, {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: { NODE_ENV: 'test', IDENTITY_HASH_KEY: 'test-identity-key' },
    });
    return { code, stdout, stderr };
  };

  it('seeds an empty data directory, builds the read models, prints a JSON summary; a second run is refused', async () => {
    const first = await run(['--demo', '--applications', '400', '--data-dir', dir.dir, '--seed', '3']);
    expect(first.code, first.stderr).to.equal(0);
    const summary = JSON.parse(first.stdout) as { headPosition: number; streams: { applications: number }; readModels: { built: boolean; position: number }; processManagers: string };
    expect(summary.streams.applications).to.be.within(380, 400);
    expect(summary.readModels).to.include({ built: true, position: summary.headPosition });
    // The live process managers start after the seeded year: nothing of it is theirs to redo.
    expect(summary.processManagers).to.equal(`checkpoints of bundle-process, review-process, calendar-process set to ${summary.headPosition}`);
    const second = await run(['--demo', '--applications', '400', '--data-dir', dir.dir]);
    expect(second.code).to.equal(2);
    expect(second.stderr).to.contain('already holds applications');
  });

  it('refuses a year the calendar does not cover, and a run without --demo', async () => {
    const year = await run(['--demo', '--year', '2029', '--data-dir', join(dir.dir, 'other')]);
    expect(year.code).to.equal(2);
    expect(year.stderr).to.contain('2029 is outside it');
    expect((await run(['--data-dir', dir.dir])).code).to.equal(2);
  });
});
