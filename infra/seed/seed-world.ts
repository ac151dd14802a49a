import { initialApplicationState } from '../../services/application/index.js';
import { initialBundleState } from '../../services/bundle/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import type { Bundle, Catalog, ServiceItem } from '../../services/catalog/item-schema.js';
import { initialReviewState } from '../../services/review/index.js';
import type { CommandMeta } from '../commands/command-handler.js';
import { streamIdOf } from '../commands/aggregates.js';
import type { CaseAggregate, CommandOf } from '../commands/aggregates.js';
import { newAggregateId } from '../commands/ids.js';
import type { RecordedEvent } from '../store/port.js';
import { asApplicant, clerkOf, pickHall } from './actors.js';
import type { Acting } from './actors.js';
import { createAgenda } from './agenda.js';
import type { Moment } from './agenda.js';
import { nextApplicationStep } from './application-course.js';
import type { CourseContext } from './application-course.js';
import { drawPlan } from './application-plan.js';
import type { ApplicationCase, BundleCase, ReviewCase, SeedCase, Step, StreamCase } from './cases.js';
import type { Intake } from './intake.js';
import { reactAsBundleProcess, reactAsReviewProcess } from './process-mirrors.js';
import type { ReactionHost } from './process-mirrors.js';
import { drawReviewPlan, nextReviewStep } from './review-course.js';
import type { Rng } from './rng.js';
import type { SeedTally } from './seed-tally.js';
import { shanghaiInstantOf } from './sim-clock.js';
import type { SimClock } from './sim-clock.js';
import type { StreamWriter } from './stream-writer.js';
import { planVisits } from './visits.js';

type Task =
  | { kind: 'submit-item'; item: ServiceItem }
  | { kind: 'submit-bundle'; bundle: Bundle }
  /** `course`: the case's next step (another follows); otherwise a step on the side (a visit). */
  | { kind: 'step'; kase: ApplicationCase | ReviewCase; step: Step; course: boolean };

export interface SeedWorldOptions {
  catalog: Catalog;
  calendar: WorkCalendar;
  clock: SimClock;
  rng: Rng;
  intake: Intake;
  writer: StreamWriter;
  tally: SeedTally;
}

export interface SeedWorld {
  submit(at: Moment, what: { kind: 'item'; item: ServiceItem } | { kind: 'bundle'; bundle: Bundle }): void;
  /** Runs everything due up to and including `day`. */
  runThrough(day: number): void;
  /** The day of the next thing in the agenda, or undefined when nothing is left. */
  nextDay(): number | undefined;
  readonly waiting: number;
}

/**
 * The simulated bureau: an agenda of what happens when, the cases in flight, and the process managers'
 * reactions. Each step is a command on a case, written through the pure decider (stream-writer.ts); each
 * event written goes past the process-manager mirrors in log order, whose commands are written in turn.
 */
export function createSeedWorld(options: SeedWorldOptions): SeedWorld {
  const { catalog, calendar, clock, rng, intake, writer, tally } = options;
  const agenda = createAgenda<Task>();
  const bundles = new Map<string, BundleCase>();
  const course: CourseContext = { calendar, clock, rng };
  let now: Moment = { day: 0, ms: 0 };
  let reactions: { event: RecordedEvent; source: SeedCase }[] = [];
  let draining = false;

  const instantNow = (): { today: string; occurredAt: string } => {
    const today = clock.dateOf(now.day);
    return { today, occurredAt: shanghaiInstantOf(today, now.ms) };
  };

  const schedule = (kase: ApplicationCase | ReviewCase, step: Step | null, isCourse: boolean): void => {
    if (!step) return;
    agenda.add(step.at, { kind: 'step', kase, step, course: isCourse });
  };
  const scheduleNext = (kase: ApplicationCase | ReviewCase): void => {
    schedule(kase, kase.kind === 'application' ? nextApplicationStep(kase, now, course) : nextReviewStep(kase, now, course), true);
  };

  const record = (events: RecordedEvent[], source: SeedCase): void => {
    for (const event of events) {
      tally.observe(event);
      reactions.push({ event, source });
    }
    if (source.kind === 'bundle' && source.state.status === 'completed' && source.state.bundleId) bundles.delete(source.state.bundleId);
  };

  /** The reactions of the live process managers, in log order, until none is left. */
  const drain = (): void => {
    if (draining) return;
    draining = true;
    try {
      for (let i = 0; i < reactions.length; i++) {
        const { event, source } = reactions[i]!;
        reactAsBundleProcess(event, source, host);
        reactAsReviewProcess(event, source, host);
      }
    } finally {
      reactions = [];
      draining = false;
    }
  };

  const write = <A extends CaseAggregate>(aggregate: A, kase: StreamCase<unknown> & SeedCase, command: CommandOf[A], meta: CommandMeta): void => {
    record(writer.write(aggregate, kase, command, { ...meta, ...instantNow() }), kase);
  };

  const newApplication = (fields: Omit<ApplicationCase, 'kind' | 'streamId' | 'state' | 'revision' | 'clerk' | 'hall' | 'plan'>, member: boolean): ApplicationCase => ({
    kind: 'application',
    streamId: streamIdOf('application', fields.id),
    state: initialApplicationState,
    revision: null,
    clerk: clerkOf(fields.item.department, rng),
    hall: pickHall(rng),
    plan: drawPlan(fields.item, fields.channel, rng, { member }),
    ...fields,
  });

  const startCourse = (kase: ApplicationCase): void => {
    for (const visit of planVisits(kase, now, clock, rng)) schedule(kase, visit, false);
    scheduleNext(kase);
  };

  const host: ReactionHost = {
    catalog,
    bundle: (bundleId) => bundles.get(bundleId),
    send(aggregate, kase, command, meta) {
      // A process manager acts a moment after the event it reacts to.
      now = { day: now.day, ms: Math.min(now.ms + 200 + Math.floor(rng.next() * 1800), 86_399_000) };
      const events = writer.write(aggregate, kase, command, { ...meta, today: meta.today ?? clock.dateOf(now.day), occurredAt: instantNow().occurredAt });
      record(events, kase as SeedCase);
      return events;
    },
    memberCase(bundle, itemCode, applicationId) {
      const item = catalog.item(itemCode);
      if (!item) throw new Error(`bundle member ${itemCode} is not in the catalog`);
      const state = bundle.state;
      return newApplication(
        { id: applicationId, item, applicant: state.applicant!, channel: state.channel as ApplicationCase['channel'], correlationId: bundle.id },
        true,
      );
    },
    memberStarted: startCourse,
    reviewCase(ticketId, application) {
      return {
        kind: 'review',
        id: ticketId,
        streamId: streamIdOf('review', ticketId),
        state: initialReviewState,
        revision: null,
        clerk: clerkOf(application.item.department, rng),
        correlationId: application.correlationId,
        plan: drawReviewPlan(rng),
      };
    },
    ticketOpened: scheduleNext,
  };

  const userMeta = (by: Acting, correlationId: string, commandId = rng.uuid()): CommandMeta => ({ commandId, correlationId, actor: by.actor, channel: by.channel });

  const submitItem = (item: ServiceItem): void => {
    const today = clock.dateOf(now.day);
    const commandId = rng.uuid();
    const id = newAggregateId(commandId);
    const submission = intake.item(item, today, rng, id.slice(0, 8));
    const kase = newApplication({ id, item, applicant: submission.person.applicant, channel: submission.channel, correlationId: commandId }, false);
    write('application', kase, { ...submission.command, applicationId: id }, userMeta(asApplicant(submission.person.applicant, submission.channel), commandId, commandId));
    drain();
    startCourse(kase);
  };

  const submitBundle = (bundle: Bundle): void => {
    const today = clock.dateOf(now.day);
    const commandId = rng.uuid();
    const id = newAggregateId(commandId);
    const submission = intake.bundle(bundle, today, rng, id.slice(0, 8));
    const kase: BundleCase = { kind: 'bundle', id, streamId: streamIdOf('bundle', id), state: initialBundleState, revision: null };
    bundles.set(id, kase);
    write('bundle', kase, { ...submission.command, bundleId: id }, userMeta(asApplicant(submission.person.applicant, submission.channel), commandId, commandId));
    drain();
  };

  const runStep = (task: Extract<Task, { kind: 'step' }>): void => {
    const { kase, step } = task;
    try {
      const meta = userMeta(step.by, kase.correlationId);
      if (step.aggregate === 'application') write('application', kase, step.command, meta);
      else write('review', kase, step.command, meta);
    } catch (error) {
      throw new Error(`seed: ${step.command.type} on ${kase.streamId} on ${clock.dateOf(now.day)} was refused`, { cause: error });
    }
    drain();
    if (task.course) scheduleNext(kase);
  };

  return {
    submit(at, what) {
      agenda.add(at, what.kind === 'item' ? { kind: 'submit-item', item: what.item } : { kind: 'submit-bundle', bundle: what.bundle });
    },
    runThrough(day) {
      for (let next = agenda.peek(); next && next.day <= day; next = agenda.peek()) {
        const { at, value } = agenda.take()!;
        if (at.day > now.day || (at.day === now.day && at.ms > now.ms)) now = at;
        if (value.kind === 'submit-item') submitItem(value.item);
        else if (value.kind === 'submit-bundle') submitBundle(value.bundle);
        else runStep(value);
      }
    },
    nextDay: () => agenda.peek()?.day,
    get waiting() {
      return agenda.size;
    },
  };
}
