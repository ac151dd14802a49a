import { expect } from 'chai';
import { newAggregateId, streamIdOf } from '../../infra/commands/index.js';
import type { CommandHandler } from '../../infra/commands/index.js';
import { createBundleProcessManager, createSqliteCheckpointStore, memberApplicationId } from '../../infra/process-managers/index.js';
import type { CheckpointStore, RunningProcess } from '../../infra/process-managers/index.js';
import type { RecordedEvent } from '../../infra/store/port.js';
import type { BundleState } from '../../services/bundle/index.js';
import { BUNDLE_SET, submitBundle } from '../support/bundle-fixtures.js';
import { APPLICANT, CLERK, harness, metaFor, settled } from '../support/command-harness.js';
import type { Harness } from '../support/command-harness.js';

const BASIS = '《行政许可法》第三十八条';

interface World {
  h: Harness;
  checkpoints: CheckpointStore[];
  bundleStream: string;
  bundleId: string;
}

function checkpointsOf(world: World): CheckpointStore {
  // In a table of the event store's own file, through a connection of its own.
  const store = createSqliteCheckpointStore(world.h.path!);
  world.checkpoints.push(store);
  return store;
}

async function startProcess(world: World, commands: CommandHandler = world.h.commands): Promise<RunningProcess> {
  const pm = createBundleProcessManager({ store: world.h.store, commands, catalog: world.h.catalog, checkpoints: checkpointsOf(world) });
  return pm.start();
}

async function submit(world: World, code = 'T-CHAIN', form: Record<string, unknown> = { name: '张三' }): Promise<void> {
  const meta = { ...metaFor(APPLICANT, 'provincial-portal'), correlationId: 'corr-bundle' };
  world.bundleId = newAggregateId(meta.commandId);
  world.bundleStream = streamIdOf('bundle', world.bundleId);
  await world.h.commands.handle('bundle', world.bundleStream, submitBundle(code, { bundleId: world.bundleId, form }), meta);
}

const memberStream = (world: World, code: string): string => streamIdOf('application', memberApplicationId(world.bundleId, code));

async function decide(world: World, code: string, outcome: 'approved' | 'denied', on: string): Promise<void> {
  world.h.clock.setDate(on);
  const stream = memberStream(world, code);
  const { state } = await world.h.commands.load('application', stream);
  if (state.status === 'submitted') await world.h.commands.handle('application', stream, { type: 'acceptApplication' }, metaFor(CLERK, 'window'));
  await world.h.commands.handle(
    'application',
    stream,
    outcome === 'approved' ? { type: 'decideApplication', outcome, legalBasis: BASIS } : { type: 'decideApplication', outcome, legalBasis: BASIS, reason: '不符合条件' },
    metaFor(CLERK, 'window'),
  );
}

async function bundleState(world: World): Promise<BundleState> {
  return (await world.h.commands.load('bundle', world.bundleStream)).state;
}

const statuses = (state: BundleState): Record<string, string> =>
  Object.fromEntries(state.members.map((m) => [m.itemCode, m.outcome ?? m.status]));

/** No stream holds two events of one kind for one member: nothing happened twice. */
async function nothingTwice(world: World): Promise<void> {
  const all = await world.h.store.readAll();
  const keys = all
    .filter((e) => e.streamId === world.bundleStream || e.type === 'ApplicationSubmitted' || e.type === 'DecisionMade')
    .map((e) => `${e.streamId}:${e.type}:${(e.data as { itemCode?: string }).itemCode ?? ''}`);
  expect(keys.length, keys.join('\n')).to.equal(new Set(keys).size);
}

describe('bundle process manager on the SQLite store', () => {
  let world: World;
  const running: RunningProcess[] = [];

  beforeEach(() => {
    world = { h: harness({ file: true }), checkpoints: [], bundleStream: '', bundleId: '' };
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop().catch(() => undefined);
    for (const c of world.checkpoints) await c.close();
    await world.h.dispose();
  });

  const start = async (commands?: CommandHandler): Promise<RunningProcess> => {
    const r = await startProcess(world, commands);
    running.push(r);
    return r;
  };

  it('fans one submission out to the members without dependencies, linked by bundle id and correlation id', async () => {
    const pm = await start();
    await submit(world);
    await settled(pm, world.h.store);
    expect(statuses(await bundleState(world))).to.deep.equal({ 'T-A': 'opened', 'T-B': 'waiting', 'T-C': 'waiting', 'T-D': 'opened' });
    const [submittedA] = await world.h.store.readStream(memberStream(world, 'T-A'));
    const [bundleSubmitted] = await world.h.store.readStream(world.bundleStream);
    expect(submittedA?.data).to.deep.include({
      bundleId: world.bundleId,
      itemCode: 'T-A',
      channel: 'provincial-portal',
      materials: BUNDLE_SET,
      submittedOn: '2020-09-28',
    });
    expect(submittedA?.metadata).to.include({ correlationId: 'corr-bundle', causationId: bundleSubmitted?.eventId, channel: 'system' });
    expect(submittedA?.metadata.actor).to.deep.equal({ role: 'system', id: 'bundle-process' });
  });

  it('opens a dependent member when its dependency is approved, on the approval date, and completes when all are concluded', async () => {
    const pm = await start();
    await submit(world);
    await settled(pm, world.h.store);
    await decide(world, 'T-A', 'approved', '2020-10-09');
    await settled(pm, world.h.store);
    expect(statuses(await bundleState(world))).to.deep.include({ 'T-A': 'approved', 'T-B': 'opened' });
    const [submittedB] = await world.h.store.readStream(memberStream(world, 'T-B'));
    expect(submittedB?.data).to.deep.include({ submittedOn: '2020-10-09' });
    expect((submittedB?.data as { materials: unknown[] }).materials).to.deep.equal([
      { code: 'id-card', source: 'e-licence' },
      { code: 'a-result', source: 'e-licence', reference: `bundle-${world.bundleId}` },
    ]);
    await decide(world, 'T-D', 'approved', '2020-10-12');
    await decide(world, 'T-B', 'approved', '2020-10-13');
    await settled(pm, world.h.store);
    await decide(world, 'T-C', 'approved', '2020-10-14');
    await settled(pm, world.h.store);
    const events = await world.h.store.readStream(world.bundleStream);
    expect(events.at(-1)?.type).to.equal('BundleCompleted');
    expect(events.at(-1)?.data).to.deep.include({ outcome: 'complete', completedOn: '2020-10-14' });
    await nothingTwice(world);
  });

  it('skips the members a denial leaves without their dependency, and stops the rest under the stop rule', async () => {
    const pm = await start();
    await submit(world, 'T-STOP');
    await settled(pm, world.h.store);
    await decide(world, 'T-A', 'approved', '2020-10-09');
    await settled(pm, world.h.store);
    await decide(world, 'T-D', 'denied', '2020-10-12');
    await settled(pm, world.h.store);
    expect(statuses(await bundleState(world))).to.deep.equal({ 'T-A': 'approved', 'T-B': 'opened', 'T-C': 'skipped', 'T-D': 'denied' });
    await decide(world, 'T-B', 'approved', '2020-10-13');
    await settled(pm, world.h.store);
    const last = (await world.h.store.readStream(world.bundleStream)).at(-1);
    expect(last?.data).to.deep.include({ outcome: 'partial', approved: ['T-A', 'T-B'], notApproved: ['T-D'], skipped: ['T-C'] });
  });

  it('concludes a 秒批 member inside its own submission and opens its dependent straight away', async () => {
    const pm = await start();
    await submit(world, 'T-QUICK', { name: '张三', age: 61, insurance: { years: 20 } });
    await settled(pm, world.h.store);
    expect(statuses(await bundleState(world))).to.deep.equal({ 'T-FAST': 'approved', 'T-D': 'opened' });
  });

  it('resumes from its checkpoint when stopped after a member\'s decision was appended but before it handled it', async () => {
    let pm = await start();
    await submit(world);
    await settled(pm, world.h.store);
    await pm.stop();
    await decide(world, 'T-A', 'approved', '2020-10-09');
    expect(statuses(await bundleState(world))['T-A']).to.equal('opened');
    pm = await start();
    await settled(pm, world.h.store);
    expect(statuses(await bundleState(world))).to.deep.include({ 'T-A': 'approved', 'T-B': 'opened' });
    await nothingTwice(world);
  });

  it('finishes the reaction a crash cut between the member\'s conclusion on the bundle and the opening of its dependent', async () => {
    let crashArmed = false;
    const crashing: CommandHandler = {
      load: (a, s) => world.h.commands.load(a, s),
      async handle(aggregate, streamId, command, meta) {
        if (crashArmed && command.type === 'submitApplication') throw new Error('process killed');
        const result = await world.h.commands.handle(aggregate, streamId, command, meta);
        if (command.type === 'concludeMember') crashArmed = true;
        return result;
      },
    };
    const doomed = await startProcess(world, crashing);
    await submit(world);
    await settled(doomed, world.h.store);
    await decide(world, 'T-A', 'approved', '2020-10-09');
    const crash = await doomed.done.then(() => null, (e: unknown) => e);
    expect((crash as Error).message).to.equal('process killed');
    expect(statuses(await bundleState(world))).to.deep.include({ 'T-A': 'approved', 'T-B': 'waiting' });

    const restarted = await start();
    await settled(restarted, world.h.store);
    expect(statuses(await bundleState(world))).to.deep.include({ 'T-A': 'approved', 'T-B': 'opened' });
    const concluded = (await world.h.store.readStream(world.bundleStream)).filter((e) => e.type === 'BundleMemberConcluded');
    expect(concluded).to.have.length(1);
    await nothingTwice(world);
  });

  it('changes nothing when events are redelivered or it restarts from an older checkpoint', async () => {
    const pm = await start();
    await submit(world);
    await settled(pm, world.h.store);
    await decide(world, 'T-A', 'approved', '2020-10-09');
    await decide(world, 'T-D', 'denied', '2020-10-09');
    await settled(pm, world.h.store);
    await pm.stop();
    const head = await world.h.store.headPosition();
    const before = await bundleState(world);

    const again = createBundleProcessManager({ store: world.h.store, commands: world.h.commands, catalog: world.h.catalog, checkpoints: checkpointsOf(world) });
    const log: RecordedEvent[] = await world.h.store.readAll();
    for (const event of log) await again.react(event);
    expect(await world.h.store.headPosition()).to.equal(head);

    await world.checkpoints.at(-1)!.save('bundle-process', 0);
    const replay = await start();
    await settled(replay, world.h.store);
    expect(await world.h.store.headPosition()).to.equal(head);
    expect(await bundleState(world)).to.deep.equal(before);
  });

  it('keeps its checkpoint in the store\'s file across restarts', async () => {
    const pm = await start();
    await submit(world);
    await settled(pm, world.h.store);
    await pm.stop();
    const reopened = createSqliteCheckpointStore(world.h.path!);
    world.checkpoints.push(reopened);
    expect(await reopened.load('bundle-process')).to.equal(await world.h.store.headPosition());
    expect(await reopened.load('another-process')).to.equal(0);
  });
});
