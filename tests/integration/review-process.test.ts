import { expect } from 'chai';
import { newAggregateId, streamIdOf } from '../../infra/commands/index.js';
import { createReviewProcessManager, createSqliteCheckpointStore, reviewTicketIdFor } from '../../infra/process-managers/index.js';
import type { CheckpointStore } from '../../infra/process-managers/index.js';
import { submit as submission } from '../support/application-fixtures.js';
import { APPLICANT, CLERK, harness, metaFor, settled } from '../support/command-harness.js';
import type { Harness } from '../support/command-harness.js';
import { ON_THE_SPOT } from '../support/test-catalog.js';

/** An on-the-spot application, decided and rated by the applicant with `level` stars on 10/20. */
async function ratedApplication(h: Harness, level: number): Promise<string> {
  const meta = metaFor(APPLICANT, 'window');
  const id = newAggregateId(meta.commandId);
  const stream = streamIdOf('application', id);
  await h.commands.handle('application', stream, { ...submission(ON_THE_SPOT, { delivery: { mode: 'pickup' } }), applicationId: id }, meta);
  await h.commands.handle('application', stream, { type: 'handleOnTheSpot', outcome: 'approved', legalBasis: '《社会保险法》' }, metaFor(CLERK, 'window'));
  h.clock.setDate('2020-10-20');
  await h.commands.handle(
    'application',
    stream,
    { type: 'rateApplication', level, indicators: { 整体满意度: level }, tags: level <= 2 ? ['办事效率低'] : [] },
    metaFor(APPLICANT, 'yueshengshi'),
  );
  return stream;
}

describe('review process manager: a bad rating opens a 差评工单', () => {
  let h: Harness;
  let checkpoints: CheckpointStore;
  afterEach(async () => {
    await checkpoints.close();
    await h.dispose();
  });

  it('opens a ticket due in 15 working days for a 2-star rating, caused by the rating', async () => {
    h = harness();
    checkpoints = createSqliteCheckpointStore(':memory:');
    const pm = await createReviewProcessManager({ store: h.store, commands: h.commands, checkpoints }).start();
    const stream = await ratedApplication(h, 2);
    await settled(pm, h.store);
    await pm.stop();
    const rating = (await h.store.readStream(stream)).at(-1)!;
    const ticketStream = streamIdOf('review', reviewTicketIdFor(rating.eventId));
    const [opened] = await h.store.readStream(ticketStream);
    expect(opened?.type).to.equal('ReviewTicketOpened');
    expect(opened?.data).to.deep.include({ itemCode: 'T-SPOT', department: 'T-DEPT', level: 2, openedOn: '2020-10-20', dueOn: '2020-11-10', dueWorkdays: 15 });
    expect(opened?.metadata).to.include({ causationId: rating.eventId, correlationId: rating.metadata.correlationId });
  });

  it('opens nothing for a rating of 3 or more, and nothing twice for a redelivered rating', async () => {
    h = harness({ reviewDueWorkdays: 5 });
    checkpoints = createSqliteCheckpointStore(':memory:');
    const pm = createReviewProcessManager({ store: h.store, commands: h.commands, checkpoints });
    await ratedApplication(h, 4);
    const bad = await ratedApplication(h, 1);
    for (const event of await h.store.readAll()) await pm.react(event);
    const head = await h.store.headPosition();
    for (const event of await h.store.readAll()) await pm.react(event);
    expect(await h.store.headPosition()).to.equal(head);
    const tickets = (await h.store.readAll()).filter((e) => e.type === 'ReviewTicketOpened');
    expect(tickets).to.have.length(1);
    expect(tickets[0]?.data).to.deep.include({ dueOn: '2020-10-27', dueWorkdays: 5 });
    expect((tickets[0]?.data as { applicationId: string }).applicationId).to.equal(bad.slice('application-'.length));
  });

  it('lets the section call back and rectify on the ticket it opened, on time by the calendar', async () => {
    h = harness();
    checkpoints = createSqliteCheckpointStore(':memory:');
    const pm = createReviewProcessManager({ store: h.store, commands: h.commands, checkpoints });
    const stream = await ratedApplication(h, 1);
    const rating = (await h.store.readStream(stream)).at(-1)!;
    await pm.react(rating);
    const ticket = streamIdOf('review', reviewTicketIdFor(rating.eventId));
    h.clock.setDate('2020-10-21');
    await h.commands.handle('review', ticket, { type: 'recordCallback', note: '已回访' }, metaFor(CLERK, 'window'));
    h.clock.setDate('2020-11-10');
    const resolved = await h.commands.handle('review', ticket, { type: 'resolveReview', resolution: 'rectified', note: '窗口增设引导员' }, metaFor(CLERK, 'window'));
    expect(resolved.events[0]?.data).to.deep.include({ resolvedOn: '2020-11-10', onTime: true });
    expect(resolved.state.status).to.equal('resolved');
  });
});
