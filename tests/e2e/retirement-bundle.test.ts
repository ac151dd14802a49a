import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import type { Actor } from '../../events/index.js';
import { createCommandHandler, newAggregateId, streamIdOf } from '../../infra/commands/index.js';
import type { CommandHandler, CommandMeta } from '../../infra/commands/index.js';
import {
  createBundleProcessManager,
  createReviewProcessManager,
  createSqliteCheckpointStore,
  memberApplicationId,
} from '../../infra/process-managers/index.js';
import type { CheckpointStore, RunningProcess } from '../../infra/process-managers/index.js';
import type { EventStore } from '../../infra/store/port.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import type { ApplicationCommand } from '../../services/application/index.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { loadBuiltinCatalog } from '../../services/catalog/load-catalog.js';
import { settled, testClock } from '../support/command-harness.js';

// 职工退休一件事 (YJS-07) on the built-in catalog and the real 2026 calendar: 张建国 retires. Three members, each
// waiting for the one before: 退休审批 SB-011 → 基本养老金待遇核定 SB-012 → 社保卡待遇发放账户设置 KA-013.
// National Day 2026 falls in the middle: 10/1–10/7 off, Saturday 10/10 worked (调休).

const ZHANG: Actor = { role: 'applicant', id: 'p-zhang-jianguo' };
const CHEN: Actor = { role: 'clerk', id: 'clerk-chen' }; // 社保基金管理局, 退休审批 window
const LI: Actor = { role: 'clerk', id: 'clerk-li' }; // 社保基金管理局, 待遇核定 back office
const WU: Actor = { role: 'clerk', id: 'clerk-wu' }; // 社会保障卡服务中心

describe('职工退休一件事: 张建国 retires, from one submission to every result', () => {
  const calendar = defaultCalendar();
  const catalog = loadBuiltinCatalog();
  const clock = testClock('2026-09-28');
  let store: EventStore;
  let commands: CommandHandler;
  let checkpoints: CheckpointStore;
  let processes: RunningProcess[];
  let bundleStream = '';
  let bundleId = '';
  let step = 0;

  const member = (code: string): string => streamIdOf('application', memberApplicationId(bundleId, code));
  const say = (actor: Actor, channel: CommandMeta['channel']): CommandMeta => ({
    commandId: `retirement-${++step}`,
    correlationId: `retirement-${actor.id}-${step}`,
    actor,
    channel,
  });
  const onDay = (date: string): void => clock.setDate(date);
  const clerkDoes = (actor: Actor, code: string, command: ApplicationCommand) => commands.handle('application', member(code), command, say(actor, 'window'));
  const everythingHandled = async (): Promise<void> => {
    for (const p of processes) await settled(p, store);
  };
  const bundleMembers = async (): Promise<Record<string, string>> => {
    const { state } = await commands.load('bundle', bundleStream);
    return Object.fromEntries(state.members.map((m) => [m.itemCode, m.outcome ?? m.status]));
  };
  const application = async (code: string) => (await commands.load('application', member(code))).state;

  before(async () => {
    store = createSqliteStore({ path: ':memory:', registry: eventRegistry });
    commands = createCommandHandler({ store, catalog, calendar, clock: clock.now });
    checkpoints = createSqliteCheckpointStore(':memory:');
    processes = [
      await createBundleProcessManager({ store, commands, catalog, checkpoints }).start(),
      await createReviewProcessManager({ store, commands, checkpoints }).start(),
    ];
  });

  after(async () => {
    for (const p of processes) await p.stop();
    await checkpoints.close();
    await store.close();
  });

  it('Mon 9/28 — 张建国 fills in one form on 粤省事 with his ID from e-licences, the retirement form and his personnel file by free express', async () => {
    onDay('2026-09-28');
    const meta = say(ZHANG, 'yueshengshi');
    bundleId = newAggregateId(meta.commandId);
    bundleStream = streamIdOf('bundle', bundleId);
    await commands.handle(
      'bundle',
      bundleStream,
      {
        type: 'submitBundle',
        bundleId,
        bundleCode: 'YJS-07',
        catalogVersion: catalog.version,
        applicant: { id: ZHANG.id, kind: 'individual', name: '张建国', phone: '13800000000' },
        form: { birthDate: '1966-09-12', gender: 'male', insuredYears: 32, bankAccount: '6222****1234' },
        materials: [
          { code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' },
          { code: 'retirement-form', source: 'upload', reference: 'upload-77' },
          { code: 'personnel-file', source: 'paper', reference: 'SF1234567890' },
        ],
        delivery: { mode: 'electronic' },
      },
      meta,
    );
    await everythingHandled();
    // Only 退休审批 can start; 养老金核定 needs its approval, the card account needs the pension.
    expect(await bundleMembers()).to.deep.equal({ 'SB-011': 'opened', 'SB-012': 'waiting', 'KA-013': 'waiting' });
    const [submitted] = await store.readStream(member('SB-011'));
    expect(submitted?.data).to.deep.include({ bundleId, channel: 'yueshengshi', department: 'FSRS-SBJ', submittedOn: '2026-09-28' });
    expect(submitted?.metadata.correlationId).to.equal(meta.correlationId);
  });

  it('Tue 9/29 — 陈 pre-reviews online and sends one notice: the personnel file lacks the work-history page', async () => {
    onDay('2026-09-29');
    await clerkDoes(CHEN, 'SB-011', { type: 'completePreReview', outcome: 'needs-supplement', note: '档案缺工作经历页' });
    const notice = await clerkDoes(CHEN, 'SB-011', {
      type: 'requestSupplement',
      missing: [{ code: 'personnel-file', reason: '人事档案缺1988–1995年工作经历页 work-history pages missing' }],
    });
    expect(notice.state.status).to.equal('supplement-requested');
  });

  it('Tue 9/29 — a second notice for something else is refused: 一次性告知 lists everything at once', async () => {
    const refused = await clerkDoes(CHEN, 'SB-011', { type: 'requestSupplement', missing: [{ code: 'retirement-form', reason: '漏签名' }] }).catch(
      (e: unknown) => e as Error,
    );
    expect(refused).to.be.an('error').with.property('code', 'SUPPLEMENT_PENDING');
  });

  it('Thu 10/8 — after the holiday the pages arrive by free express; 陈 records them and accepts: 5 working days committed, 20 statutory', async () => {
    onDay('2026-10-08');
    await clerkDoes(CHEN, 'SB-011', { type: 'receiveSupplement', materials: [{ code: 'personnel-file', source: 'paper', reference: 'SF1234567999' }] });
    const accepted = await clerkDoes(CHEN, 'SB-011', { type: 'acceptApplication' });
    // 10/9, 10/10 (a worked Saturday), 10/12, 10/13, 10/14.
    expect(accepted.state.deadlines).to.deep.include({ committedDeadline: '2026-10-14', statutoryDeadline: '2026-11-04' });
  });

  it('Fri 10/9 — 陈 approves the retirement; the bundle opens 养老金核定 at once, pulling the approval from e-licences', async () => {
    onDay('2026-10-09');
    await clerkDoes(CHEN, 'SB-011', { type: 'decideApplication', outcome: 'approved', legalBasis: '《国务院关于工人退休、退职的暂行办法》' });
    await everythingHandled();
    expect(await bundleMembers()).to.deep.equal({ 'SB-011': 'approved', 'SB-012': 'opened', 'KA-013': 'waiting' });
    const [pension] = await store.readStream(member('SB-012'));
    expect(pension?.data).to.deep.include({ submittedOn: '2026-10-09', itemCode: 'SB-012' });
    expect((pension?.data as { materials: { code: string; source: string }[] }).materials.map((m) => `${m.code}:${m.source}`)).to.deep.equal([
      'id-card:e-licence',
      'retirement-approval:e-licence',
      'contribution-record:e-licence',
    ]);
  });

  it('Sat 10/10 (a worked Saturday) — 陈 issues the 退休证 and sends it by free express; Mon 10/12 张 signs for it', async () => {
    onDay('2026-10-10');
    await clerkDoes(CHEN, 'SB-011', { type: 'issueResult', documentType: 'certificate', documentNo: '退休证 FS-2026-08812' });
    await clerkDoes(CHEN, 'SB-011', { type: 'dispatchResult', mode: 'express', carrier: 'EMS', waybillNo: 'EMS1100223344' });
    onDay('2026-10-12');
    await clerkDoes(CHEN, 'SB-011', { type: 'recordReceipt' });
    expect((await application('SB-011')).closure).to.deep.equal({ outcome: 'approved', closedOn: '2026-10-12' });
  });

  it('Mon 10/12 — 李 accepts the pension calculation; Tue 10/13 stops the clock for proof of deemed contribution years; Thu 10/15 resumes', async () => {
    onDay('2026-10-12');
    const accepted = await clerkDoes(LI, 'SB-012', { type: 'acceptApplication' });
    expect(accepted.state.deadlines).to.deep.include({ committedDeadline: '2026-10-26', statutoryDeadline: '2026-11-09' });
    onDay('2026-10-13');
    await clerkDoes(LI, 'SB-012', { type: 'suspendClock', reason: 'applicant-supplement', legalBasis: '视同缴费年限核实 deemed-contribution proof' });
    onDay('2026-10-15');
    const resumed = await clerkDoes(LI, 'SB-012', { type: 'resumeClock' });
    // 10/14 and 10/15 did not count: both deadlines move two working days.
    expect(resumed.state.deadlines).to.deep.include({ committedDeadline: '2026-10-28', statutoryDeadline: '2026-11-11' });
  });

  it('Fri 10/16 — 李 approves the pension and sends the 核定表 electronically; the bundle opens the card account', async () => {
    onDay('2026-10-16');
    await clerkDoes(LI, 'SB-012', { type: 'decideApplication', outcome: 'approved', legalBasis: '《社会保险法》第十六条' });
    await clerkDoes(LI, 'SB-012', { type: 'issueResult', documentType: 'document', documentNo: '养老金核定表 HD-2026-5531' });
    await clerkDoes(LI, 'SB-012', { type: 'dispatchResult', mode: 'electronic' });
    await clerkDoes(LI, 'SB-012', { type: 'recordReceipt' });
    await everythingHandled();
    expect(await bundleMembers()).to.deep.equal({ 'SB-011': 'approved', 'SB-012': 'approved', 'KA-013': 'opened' });
  });

  it('Mon 10/19 — 吴 at the card centre sets the pension account on the card the same day; the bundle is complete', async () => {
    onDay('2026-10-19');
    const accepted = await clerkDoes(WU, 'KA-013', { type: 'acceptApplication' });
    expect(accepted.state.deadlines).to.deep.include({ committedDeadline: '2026-10-21', statutoryDeadline: '2026-10-26' });
    await clerkDoes(WU, 'KA-013', { type: 'decideApplication', outcome: 'approved', legalBasis: '《社会保障卡管理办法》' });
    await clerkDoes(WU, 'KA-013', { type: 'issueResult', documentType: 'e-licence', documentNo: '电子社保卡待遇账户 KA-77120' });
    await clerkDoes(WU, 'KA-013', { type: 'dispatchResult', mode: 'electronic' });
    await clerkDoes(WU, 'KA-013', { type: 'recordReceipt' });
    await everythingHandled();
    const completed = (await store.readStream(bundleStream)).at(-1);
    expect(completed?.type).to.equal('BundleCompleted');
    expect(completed?.data).to.deep.equal({
      outcome: 'complete',
      approved: ['SB-011', 'SB-012', 'KA-013'],
      notApproved: [],
      skipped: [],
      completedOn: '2026-10-19',
    });
    // Submitted 9/28, last result 10/19: eleven working days across the National Day week.
    expect(calendar.workdaysBetween('2026-09-28', '2026-10-19')).to.equal(11);
  });

  it('Tue 10/20 — 张 has every result in hand without a trip to the hall, and rates the service five stars; no ticket is opened', async () => {
    onDay('2026-10-20');
    for (const code of ['SB-011', 'SB-012', 'KA-013']) {
      const state = await application(code);
      expect(state.closure?.outcome, code).to.equal('approved');
      expect(state.visits, code).to.equal(0);
    }
    await commands.handle('application', member('SB-011'), { type: 'rateApplication', level: 5, indicators: { 整体满意度: 5, 办事效率: 5 }, tags: [] }, say(ZHANG, 'yueshengshi'));
    await everythingHandled();
    const all = await store.readAll();
    expect(all.filter((e) => e.type === 'ReviewTicketOpened')).to.have.length(0);
    // One decision per member, one conclusion per member on the bundle: nothing happened twice.
    expect(all.filter((e) => e.type === 'DecisionMade')).to.have.length(3);
    expect(all.filter((e) => e.type === 'BundleMemberConcluded')).to.have.length(3);
  });
});
