import type { ApplicationSubmitted, BundleMemberConcluded, BundleSubmitted, DataOf } from '../../events/index.js';
import { isStreamOf } from '../../events/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import { DomainError } from '../../services/decider.js';
import { readyMembers } from '../../services/bundle/index.js';
import type { MemberOutcome } from '../../services/bundle/index.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import type { CommandHandler } from '../commands/command-handler.js';
import { derivedId } from '../commands/ids.js';
import { streamIdOf } from '../commands/aggregates.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { reactionMeta } from './process-meta.js';
import { concludeMember, memberConclusionOf, memberSubmission, skipRefusedMember } from './reaction-commands.js';
import { runReaction } from './reaction-runner.js';
import type { RunningProcess } from './reaction-runner.js';

export const BUNDLE_PROCESS = 'bundle-process';

export interface BundleProcessOptions {
  store: EventStore;
  commands: CommandHandler;
  catalog: Catalog | (() => Catalog);
  checkpoints: CheckpointStore;
  /** The checkpoint's name; one per process manager. */
  name?: string;
}

export interface BundleProcessManager {
  readonly name: string;
  /** Handles one event of the global log; idempotent. */
  react(event: RecordedEvent): Promise<void>;
  /** Subscribes from the stored checkpoint. */
  start(): Promise<RunningProcess>;
}

/** The application of a bundle member: derived from bundle and item, so every path to opening it names one stream. */
export function memberApplicationId(bundleId: string, itemCode: string): string {
  return derivedId('bundle-member', bundleId, itemCode);
}

/**
 * The 一件事 process manager. On BundleSubmitted and on BundleMemberConcluded it opens every member whose
 * dependencies are approved: first the member's application (ApplicationSubmitted with the bundle id, on the
 * trigger's date), then BundleMemberOpened on the bundle. On a member application's conclusion (decision,
 * refused intake, withdrawal) it records BundleMemberConcluded, with which the bundle decider skips or stops
 * members and completes the bundle. Every command id is derived from what the step does, so a redelivered
 * event, a crash half-way through a reaction or a restart from an older checkpoint appends nothing twice.
 */
export function createBundleProcessManager(options: BundleProcessOptions): BundleProcessManager {
  const { store, commands, checkpoints } = options;
  const name = options.name ?? BUNDLE_PROCESS;
  const catalogNow = (): Catalog => (typeof options.catalog === 'function' ? options.catalog() : options.catalog);

  async function openReadyMembers(bundleStream: string, trigger: RecordedEvent, on: string): Promise<void> {
    for (;;) {
      const { state } = await commands.load('bundle', bundleStream);
      const next = readyMembers(state)[0];
      if (!next || state.bundleId === null) return;
      const bundleId = state.bundleId;
      const applicationId = memberApplicationId(bundleId, next.itemCode);
      const item = catalogNow().item(next.itemCode);
      try {
        if (!item) throw new DomainError('UNKNOWN_ITEM', 'submitApplication', 'none', `item ${next.itemCode} is not in the catalog`);
        await commands.handle(
          'application',
          streamIdOf('application', applicationId),
          memberSubmission(state, item, applicationId),
          reactionMeta(name, trigger, ['submit', bundleId, next.itemCode], on),
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        await commands.handle('bundle', bundleStream, skipRefusedMember(next.itemCode, error), reactionMeta(name, trigger, ['skip', bundleId, next.itemCode], on));
        continue;
      }
      await commands.handle(
        'bundle',
        bundleStream,
        { type: 'openMember', itemCode: next.itemCode, applicationId },
        reactionMeta(name, trigger, ['open', bundleId, next.itemCode], on),
      );
    }
  }

  async function submissionOf(applicationStream: string): Promise<DataOf<typeof ApplicationSubmitted> | null> {
    const [first] = await store.readStream(applicationStream, { limit: 1 });
    return first?.type === 'ApplicationSubmitted' ? (first.data as DataOf<typeof ApplicationSubmitted>) : null;
  }

  async function recordConclusion(event: RecordedEvent, conclusion: { outcome: MemberOutcome; on: string }): Promise<void> {
    const submitted = await submissionOf(event.streamId);
    if (!submitted?.bundleId) return;
    await commands.handle(
      'bundle',
      streamIdOf('bundle', submitted.bundleId),
      concludeMember(submitted, conclusion),
      reactionMeta(name, event, ['conclude', submitted.bundleId, submitted.itemCode], conclusion.on),
    );
  }

  async function react(event: RecordedEvent): Promise<void> {
    if (isStreamOf('bundle', event.streamId)) {
      if (event.type === 'BundleSubmitted') {
        await openReadyMembers(event.streamId, event, (event.data as DataOf<typeof BundleSubmitted>).submittedOn);
      } else if (event.type === 'BundleMemberConcluded') {
        await openReadyMembers(event.streamId, event, (event.data as DataOf<typeof BundleMemberConcluded>).concludedOn);
      }
      return;
    }
    if (!isStreamOf('application', event.streamId)) return;
    const conclusion = memberConclusionOf(event);
    if (conclusion) await recordConclusion(event, conclusion);
  }

  return {
    name,
    react,
    start: () => runReaction({ name, store, checkpoints, react }),
  };
}
