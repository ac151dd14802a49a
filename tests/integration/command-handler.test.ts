import { expect } from 'chai';
import sinon from 'sinon';
import { createCommandHandler, newAggregateId, streamIdOf } from '../../infra/commands/index.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import type { CommandHandler } from '../../infra/commands/index.js';
import { ConcurrencyError } from '../../infra/store/errors.js';
import type { EventStore } from '../../infra/store/port.js';
import { DomainError } from '../../services/decider.js';
import type { SubmitApplication } from '../../services/application/index.js';
import { APPLICANT, CLERK, harness, metaFor } from '../support/command-harness.js';
import type { Harness } from '../support/command-harness.js';
import { ZHANG } from '../support/application-fixtures.js';

const BASIS = '《行政许可法》第三十八条';

function submission(applicationId: string): SubmitApplication {
  return {
    type: 'submitApplication',
    applicationId,
    itemCode: 'T-LIC',
    applicant: ZHANG,
    form: { name: '张三' },
    materials: [
      { code: 'id-card', source: 'e-licence' },
      { code: 'form', source: 'upload' },
      { code: 'contract', source: 'paper' },
    ],
    delivery: { mode: 'express', address: '佛山市禅城区' },
  };
}

/** Submits and accepts an application; returns its stream. */
async function acceptedApplication(h: Harness): Promise<string> {
  const meta = metaFor(APPLICANT, 'provincial-portal');
  const id = newAggregateId(meta.commandId);
  const stream = streamIdOf('application', id);
  await h.commands.handle('application', stream, submission(id), meta);
  await h.commands.handle('application', stream, { type: 'acceptApplication' }, metaFor(CLERK, 'window'));
  return stream;
}

describe('command handler on the SQLite store', () => {
  let h: Harness;
  afterEach(async () => h.dispose());

  it('appends the decided events with actor, channel, command, correlation and causation ids and a +08:00 instant', async () => {
    h = harness();
    const meta = { ...metaFor(APPLICANT, 'provincial-portal', 'submit-1'), correlationId: 'corr-zhang' };
    const id = newAggregateId(meta.commandId);
    const result = await h.commands.handle('application', streamIdOf('application', id), submission(id), meta);
    expect(result).to.include({ streamId: `application-${id}`, nextRevision: 0, duplicate: false });
    expect(result.state.status).to.equal('submitted');
    const [stored] = await h.store.readStream(`application-${id}`);
    expect(stored?.metadata).to.deep.equal({
      actor: APPLICANT,
      channel: 'provincial-portal',
      commandId: 'submit-1',
      correlationId: 'corr-zhang',
      causationId: 'submit-1',
      occurredAt: '2020-09-28T09:30:00.000+08:00',
    });
    expect(stored?.eventId).to.equal(result.events[0]?.eventId);
    expect(stored?.data).to.deep.include({ applicationId: id, submittedOn: '2020-09-28', channel: 'provincial-portal' });
  });

  it('carries a given causation id and the date a reaction acts for', async () => {
    h = harness();
    const stream = await acceptedApplication(h);
    const meta = { ...metaFor({ role: 'system', id: 'deadline-timer' }, 'system'), causationId: 'evt-42', today: '2020-10-12' };
    const result = await h.commands.handle('application', stream, { type: 'suspendClock', reason: 'hearing', legalBasis: '第四十五条' }, meta);
    expect(result.events[0]?.metadata).to.include({ causationId: 'evt-42', channel: 'system' });
    expect(result.events[0]?.data).to.deep.include({ suspendedOn: '2020-10-12' });
  });

  it('answers a retried submit with the same application id and appends nothing', async () => {
    h = harness();
    const meta = metaFor(APPLICANT, 'yueshengshi', 'submit-retry');
    const id = newAggregateId(meta.commandId);
    const first = await h.commands.handle('application', streamIdOf('application', id), submission(id), meta);
    const head = await h.store.headPosition();
    // The client lost the answer and sends the same command again: it derives the same id from the command id.
    const againId = newAggregateId(meta.commandId);
    const again = await h.commands.handle('application', streamIdOf('application', againId), submission(againId), meta);
    expect(againId).to.equal(id);
    expect(again.duplicate).to.equal(true);
    expect(again.events).to.deep.equal(first.events);
    expect(again.nextRevision).to.equal(first.nextRevision);
    expect(await h.store.headPosition()).to.equal(head);
  });

  it('answers a retried command from the stream even after later commands moved it on', async () => {
    h = harness();
    const stream = await acceptedApplication(h);
    const decide = metaFor(CLERK, 'window', 'decide-once');
    const first = await h.commands.handle('application', stream, { type: 'decideApplication', outcome: 'approved', legalBasis: BASIS }, decide);
    await h.commands.handle('application', stream, { type: 'issueResult', documentType: 'certificate', documentNo: 'XK-1' }, metaFor(CLERK, 'window'));
    const again = await h.commands.handle('application', stream, { type: 'decideApplication', outcome: 'approved', legalBasis: BASIS }, decide);
    expect(again).to.deep.include({ duplicate: true, nextRevision: first.nextRevision });
    expect(again.state.status).to.equal('decided');
    expect((await h.store.readStream(stream)).filter((e) => e.type === 'DecisionMade')).to.have.length(1);
  });

  it('appends nothing when the rules refuse, and says which state and command', async () => {
    h = harness();
    const stream = await acceptedApplication(h);
    const head = await h.store.headPosition();
    const refusal = await h.commands
      .handle('application', stream, { type: 'acceptApplication' }, metaFor(CLERK, 'window'))
      .then(() => null, (e: unknown) => e);
    expect(refusal).to.be.instanceOf(DomainError);
    expect((refusal as DomainError).message).to.equal('acceptApplication refused in state accepted: allowed only when the application is submitted');
    expect(await h.store.headPosition()).to.equal(head);
  });

  it('refuses a creating command aimed at a stream that is not its own', async () => {
    h = harness();
    const id = newAggregateId('x');
    const wrong = await h.commands.handle('application', `bundle-${id}`, submission(id), metaFor(APPLICANT, 'window')).catch((e: unknown) => e);
    expect(wrong).to.be.instanceOf(RangeError);
    const mismatch = await h.commands
      .handle('application', streamIdOf('application', newAggregateId('y')), submission(id), metaFor(APPLICANT, 'window'))
      .catch((e: unknown) => e);
    expect(mismatch).to.be.instanceOf(RangeError);
  });
});

/** A store that lets another writer slip in an event between the handler's read and its append, `times` times. */
function interleaving(store: EventStore, times: number, intruder: () => Promise<unknown>): EventStore {
  let left = times;
  return {
    ...store,
    backend: store.backend,
    readStream: store.readStream.bind(store),
    readAll: store.readAll.bind(store),
    subscribe: store.subscribe.bind(store),
    headPosition: store.headPosition.bind(store),
    streamRevision: store.streamRevision.bind(store),
    close: store.close.bind(store),
    async append(streamId, events, options) {
      if (left > 0) {
        left--;
        await intruder();
      }
      return store.append(streamId, events, options);
    },
  };
}

describe('command handler: concurrency', () => {
  let h: Harness;
  afterEach(async () => h.dispose());

  it('re-reads and re-decides on fresh state after a conflict, with backoff and jitter', async () => {
    h = harness();
    const stream = await acceptedApplication(h);
    const sleep = sinon.fake.resolves(undefined);
    const visit = () => h.commands.handle('application', stream, { type: 'recordVisit', hall: '禅城', purpose: 'consult' }, metaFor(CLERK, 'window'));
    const racing = createCommandHandler({
      store: interleaving(h.store, 2, visit),
      catalog: h.catalog,
      calendar: defaultCalendar(),
      clock: h.clock.now,
      sleep,
      random: () => 0.5,
      retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 1000 },
    });
    const result = await racing.handle('application', stream, { type: 'decideApplication', outcome: 'approved', legalBasis: BASIS }, metaFor(CLERK, 'window'));
    expect(result.duplicate).to.equal(false);
    expect(sleep.args.map((a) => a[0] as number)).to.deep.equal([7.5, 15]);
    const types = (await h.store.readStream(stream)).map((e) => e.type);
    expect(types).to.deep.equal(['ApplicationSubmitted', 'ApplicationAccepted', 'VisitRecorded', 'VisitRecorded', 'DecisionMade']);
    expect(result.nextRevision).to.equal(4);
    expect(result.state.visits).to.equal(2);
  });

  it('gives up after the bounded number of attempts with the conflict', async () => {
    h = harness();
    const stream = await acceptedApplication(h);
    const sleep = sinon.fake.resolves(undefined);
    const visit = () => h.commands.handle('application', stream, { type: 'recordVisit', hall: '禅城', purpose: 'consult' }, metaFor(CLERK, 'window'));
    const racing = createCommandHandler({
      store: interleaving(h.store, 100, visit),
      catalog: h.catalog,
      calendar: defaultCalendar(),
      clock: h.clock.now,
      sleep,
      random: () => 1,
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 15 },
    });
    const stuck = await racing
      .handle('application', stream, { type: 'decideApplication', outcome: 'approved', legalBasis: BASIS }, metaFor(CLERK, 'window'))
      .catch((e: unknown) => e);
    expect(stuck).to.be.instanceOf(ConcurrencyError);
    expect(sleep.args.map((a) => a[0] as number)).to.deep.equal([10, 15]);
    expect((await h.store.readStream(stream)).filter((e) => e.type === 'DecisionMade')).to.have.length(0);
  });

  async function twoClerks(first: CommandHandler, second: CommandHandler, stream: string): Promise<PromiseSettledResult<unknown>[]> {
    return Promise.allSettled([
      first.handle('application', stream, { type: 'decideApplication', outcome: 'approved', legalBasis: BASIS }, metaFor({ role: 'clerk', id: 'clerk-chen' }, 'window')),
      second.handle('application', stream, { type: 'decideApplication', outcome: 'denied', legalBasis: BASIS, reason: '材料不实' }, metaFor({ role: 'clerk', id: 'clerk-li' }, 'window')),
    ]);
  }

  function exactlyOneDecision(outcomes: PromiseSettledResult<unknown>[]): void {
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    const [loser] = outcomes.filter((o) => o.status === 'rejected');
    expect(loser?.reason).to.be.instanceOf(DomainError);
    expect((loser?.reason as DomainError).code).to.equal('INVALID_TRANSITION');
    expect(['decided', 'closed']).to.include((loser?.reason as DomainError).state);
  }

  it('lets exactly one of two clerks deciding the same application at once decide it', async () => {
    const sleep = sinon.fake.resolves(undefined);
    h = harness({ sleep });
    for (let round = 0; round < 10; round++) {
      const stream = await acceptedApplication(h);
      exactlyOneDecision(await twoClerks(h.commands, h.commands, stream));
      expect((await h.store.readStream(stream)).filter((e) => e.type === 'DecisionMade')).to.have.length(1);
    }
    // Both read the accepted application before either appended: the loser hit the conflict, re-read, and was refused.
    expect(sleep.callCount).to.equal(10);
  });

  it('does so too for two API instances on their own connections to one file', async () => {
    h = harness({ file: true });
    const other = h.another();
    for (let round = 0; round < 5; round++) {
      const stream = await acceptedApplication(h);
      exactlyOneDecision(await twoClerks(h.commands, other, stream));
      expect((await h.store.readStream(stream)).filter((e) => e.type === 'DecisionMade')).to.have.length(1);
    }
  });
});
