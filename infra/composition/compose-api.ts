import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { shanghaiToday, systemClock } from '../../events/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import type { CalendarKeeper } from '../application/calendar-keeper.js';
import type { AuthKeys } from '../auth/auth-keys.js';
import { createCommandHandler } from '../commands/index.js';
import type { CommandHandler } from '../commands/index.js';
import type { AppConfig } from '../config/app-config.js';
import { createApp } from '../http/create-app.js';
import type { AppHandle } from '../http/create-app.js';
import { createSqliteIdempotencyStore } from '../http/idempotency/sqlite-idempotency-store.js';
import { adminRoutes } from '../http/routes/admin-routes.js';
import { calendarRoutes } from '../http/routes/calendar-routes.js';
import type { CatalogKeeper } from '../application/ports.js';
import type { ApiServices } from '../http/routes/api-services.js';
import { applicantRoutes } from '../http/routes/applicant-routes.js';
import { clerkRoutes } from '../http/routes/clerk-routes.js';
import { devSignInRoutes } from '../http/routes/dev-sign-in-routes.js';
import { reviewRoutes } from '../http/routes/review-routes.js';
import { supervisorRoutes } from '../http/routes/supervisor-routes.js';
import type { CloseHook } from '../http/server.js';
import { webConsole } from '../http/web-console.js';
import type { Logger } from '../logging/logger.js';
import { BUNDLE_PROCESS, REVIEW_PROCESS, createBundleProcessManager, createReviewProcessManager, createSqliteCheckpointStore } from '../process-managers/index.js';
import { CALENDAR_PROCESS } from '../process-managers/index.js';
import type { LegalClock } from '../process-managers/index.js';
import { legalClockQueries } from '../read-models/legal-clock-queries.js';
import { assertReadModelsWithinLog } from '../read-models/projection-state.js';
import { openRebuildable } from '../application/rebuildable-files.js';
import { createProjectionRunner } from '../projections/runner.js';
import type { ProjectionRunner, ReachedElsewhere } from '../projections/runner.js';
import { createIdentityHasher } from '../read-models/identity-hash.js';
import { openReadModelDatabase, sharedReadModels } from '../read-models/open-read-models.js';
import { createReadModels } from '../read-models/read-models.js';
import type { ReadModels } from '../read-models/read-models.js';
import { dataFiles } from '../config/data-files.js';
import { openEventStore } from '../store/open-event-store.js';
import type { EventStore } from '../store/port.js';
import type { WriterLink } from '../store/forwarding-store.js';
import { calendarOverrides } from '../application/calendar-files.js';
import { openCalendarKeeper } from '../application/calendar-keeper.js';
import { createCalendarDesk } from '../application/calendar-desk.js';
import { previewDeadlineMoves } from '../application/deadline-preview.js';
import { startCoverageWarnings } from '../application/coverage-warnings.js';
import { recordCalendarInForce } from '../application/calendar-stream.js';
import { calendarProcess, deemedAcceptanceClock } from './legal-clock-parts.js';
import { openCatalogKeeper } from '../application/catalog-keeper.js';
import { identityHashKey } from './identity-key.js';
import { createReadConsistency } from '../application/read-consistency.js';
import { rememberingAppends } from '../application/recent-appends.js';
import { apiReadiness } from './readiness-probe.js';
import { createReportDesk } from '../application/report-desk.js';
import { leasedProcesses } from './leased-processes.js';
import { checkChainAtStart } from './chain-check.js';
import { appliedElsewhere, leasedProjections, ownProjections } from './leased-projections.js';
import { superviseProcesses } from './supervised-processes.js';
import type { SupervisedProcesses } from './supervised-processes.js';

const IDEMPOTENCY_PURGE_MS = 10 * 60_000;
/** Publishing a report waits this long at most for the read models to reach the head of the log. */
const REPORT_TIMEOUT_MS = 30_000;

/** How often an API process looks for a catalog version or a holiday notice published by another process (or the CLI). */
const CATALOG_FOLLOW_MS = 5_000;

export interface ComposeOptions {
  config: AppConfig;
  logger: Logger;
  authKeys: AuthKeys;
  /** The current instant; the law's date is its Asia/Shanghai date. Tests pass a clock they set. */
  clock?: () => Date;
  /** How often the legal clock looks for a new date (default a minute). */
  legalClockCheckMs?: number;
  /** The web console's built files (default web/dist under the working directory, where npm scripts run). */
  webConsoleDir?: string;
  /**
   * `all` (default): everything in this process. `http` (an HTTP worker of `serve --workers`): the routes and
   * the command handler only, with the appends made by the primary process (`appendVia`), which alone runs the
   * projections, the process managers and the legal clock; this one reads what they write.
   */
  role?: 'all' | 'http';
  /** With role `http`: the link to the process that appends (infra/store/process-writer.ts). */
  appendVia?: WriterLink;
  /** With role `http`: where the positions the primary's projections reach are heard (infra/projections/reached-over-ipc.ts). */
  reachedVia?: ReachedElsewhere;
}

export interface ApiComposition {
  handle: AppHandle;
  app: Express;
  store: EventStore;
  commands: CommandHandler;
  readModels: ReadModels;
  runner: ProjectionRunner;
  catalog: CatalogKeeper;
  /** The calendar in force, following imported notices (calendar-keeper.ts). */
  calendar: WorkCalendar;
  calendarKeeper: CalendarKeeper;
  processes: SupervisedProcesses;
  /** The deemed-acceptance sweep: at start and on each new date; `check()` runs it now if today's is not done. None in an HTTP worker. */
  legalClock?: LegalClock;
  /** Settles once the projections built by an older version have been rebuilt and switched in (at once when none were). */
  outdatedRebuilt: Promise<void>;
  /** Whether this instance applies the log to the read models now (with shared read models, the projection lease's holder). */
  applyingProjections(): boolean;
  /** Resolves once the process managers, the day's legal-clock sweep, then the projections have caught up with the log. */
  caughtUp(timeoutMs?: number): Promise<boolean>;
  /** Tells readiness the instance is shutting down (the server's flag, once it exists). */
  setDraining(draining: () => boolean): void;
  /** For the server, run once HTTP has drained: process managers, projections, then the stores they use. */
  closeHooks: readonly CloseHook[];
  /** Runs the close hooks (without a server). */
  close(): Promise<void>;
}

/**
 * The composition root of the API: from the configuration, the event store, the catalog in force, the
 * calendar, the command handler, the process managers, the projection runner with its read models, the
 * idempotency store, and the express app with every route group. Everything is started; `closeHooks`
 * stop it in dependency order.
 */
export async function composeApi(options: ComposeOptions): Promise<ApiComposition> {
  const { config, logger } = options;
  const httpOnly = options.role === 'http';
  if (httpOnly && !options.appendVia) throw new Error('an HTTP worker appends through the primary process: appendVia is missing');
  const clock = options.clock ?? systemClock;
  const files = dataFiles(config.dataDir);
  mkdirSync(config.dataDir, { recursive: true });
  const closers: CloseHook[] = [];
  // Each runs once, whether the server's shutdown or close() (or both) call it.
  const track = (name: string, close: () => Promise<void> | void): void => {
    let closing: Promise<void> | undefined;
    closers.push({ name, close: () => (closing ??= Promise.resolve().then(close)) });
  };
  const closeAll = async (): Promise<void> => {
    for (const hook of [...closers].reverse()) {
      try {
        await hook.close();
      } catch (error) {
        logger.error({ err: error, hook: hook.name }, 'close hook failed');
      }
    }
    closers.length = 0;
  };

  try {
    const hashKey = identityHashKey(config, logger);
    const baseOverrides = calendarOverrides(config.dataDir);
    // Every write of this process goes through `store`; the positions it reaches are remembered for reads.
    const { store, recent } = rememberingAppends(
      openEventStore({ ...config.store, groupCommit: true, writerThread: config.storeWriterThread, ...(options.appendVia ? { appendVia: options.appendVia } : {}) }),
    );
    track('event-store', () => store.close());
    // Before anything is read or written: the newest part of the log must be as it was written.
    await checkChainAtStart(store, config.chainCheck, logger);
    const setAside = (what: string) => (movedTo: string, error: unknown) =>
      logger.warn({ err: error, movedTo }, `the ${what} file was damaged: set aside, and rebuilt`);
    const db = openRebuildable(config.store.readModelsPath, () => openReadModelDatabase(config.store), setAside('read-model'));
    track('read-models', () => void db.close());
    // Before anything is written: read models that have applied more than the log holds were built from another
    // (or a damaged, emptied) event store; serving them would acknowledge writes it then cannot find.
    assertReadModelsWithinLog(db, await store.headPosition());
    // Catalog versions, calendar revisions and reports go through the command handler too; theirs needs no
    // catalog or calendar, so it exists before the keepers that provide those to the case handler below.
    const bookkeeping = createCommandHandler({ store, clock });
    // The preview of an import needs the command handler and the read models, made below.
    const preview: { parts?: Parameters<typeof previewDeadlineMoves>[0] } = {};
    const calendarKeeper = await openCalendarKeeper({
      store,
      commands: bookkeeping,
      baseOverrides,
      clock,
      previewMoves: (next) => (preview.parts ? previewDeadlineMoves(preview.parts, next) : Promise.resolve({ examined: 0, moving: 0, first: [] })),
      followEveryMs: CATALOG_FOLLOW_MS,
      onFollowed: (followed) => logger.info({ calendarVersion: followed.version, coverage: followed.coverage() }, 'holiday notice imported elsewhere is now in force'),
      onFollowError: (error) => logger.warn({ err: error }, 'could not look for a newly imported holiday notice'),
    });
    track('calendar-keeper', () => calendarKeeper.close());
    const calendar = calendarKeeper.calendar;
    logger.info({ calendarVersion: calendar.version, coverage: calendar.coverage() }, 'working-day calendar in force');
    const catalog = await openCatalogKeeper(store, clock, {
      commands: bookkeeping,
      followEveryMs: CATALOG_FOLLOW_MS,
      onFollowed: (version) => logger.info({ catalogVersion: version }, 'catalog version published elsewhere is now in force'),
      onFollowError: (error) => logger.warn({ err: error }, 'could not look for a newer catalog version'),
    });
    track('catalog-keeper', () => catalog.close());
    // Before any process manager runs: a new calendar version is recorded, and its revision recomputes open deadlines.
    // (By the primary: it composed before the HTTP workers started.)
    if (!httpOnly) await recordCalendarInForce(bookkeeping, calendarKeeper.current(), { logger });

    const idempotency = openRebuildable(
      config.idempotency.file,
      () => createSqliteIdempotencyStore({ file: config.idempotency.file, ttlMs: config.idempotency.ttlMs }),
      setAside('idempotency'),
    );
    if (idempotency.abandonedAtOpen > 0) {
      logger.warn({ claims: idempotency.abandonedAtOpen }, 'idempotency claims left pending by a stopped process settled: their retries are answered from the event store');
    }
    const purge = setInterval(() => idempotency.purgeExpired(), IDEMPOTENCY_PURGE_MS).unref();
    track('idempotency-store', () => (clearInterval(purge), idempotency.close()));
    const checkpoints = createSqliteCheckpointStore(files.checkpoints);
    track('process-checkpoints', () => checkpoints.close());

    const handlerOptions = { store, catalog: () => catalog.current(), calendar, clock };
    const commands = createCommandHandler(handlerOptions);
    const runner = createProjectionRunner({
      store,
      db,
      deps: { calendar, hashIdentity: createIdentityHasher(hashKey) },
      // A notice imported by another process is in force here before any projection counts past it.
      beforeCalendarRevision: () => calendarKeeper.refresh(),
      // The metrics counted on the calendar before it: recounted beside the figures in use.
      afterCalendarRevision: () => void projections.recheck(),
      // An HTTP worker's reads wake on the primary's notice of each commit rather than at their next poll.
      ...(options.reachedVia ? { reachedElsewhere: options.reachedVia } : {}),
    });
    // An HTTP worker of serve --workers applies nothing (its primary does); read models shared on PostgreSQL are
    // applied by one instance at a time; else this instance applies the log to its own.
    const projections = httpOnly
      ? appliedElsewhere()
      : sharedReadModels(config.store) && config.store.databaseUrl
        ? await leasedProjections(runner, { url: config.store.databaseUrl, logger })
        : ownProjections(runner, logger);
    track('projections', () => projections.stop());
    const queries = legalClockQueries(db);
    preview.parts = { openApplications: () => queries.openOnTheClock(), commands, catalog: () => catalog.current(), today: shanghaiToday(clock) };
    const clockParts = { store, commands, calendar, refreshCalendar: () => calendarKeeper.refresh(), runner, queries, clock, logger };
    const starters = [
      { name: BUNDLE_PROCESS, start: () => createBundleProcessManager({ store, commands, catalog: () => catalog.current(), checkpoints }).start() },
      { name: REVIEW_PROCESS, start: () => createReviewProcessManager({ store, commands, checkpoints }).start() },
      calendarProcess({ ...clockParts, checkpoints }),
    ];
    // On a log shared by several instances (PostgreSQL) one of them runs the process managers at a time.
    // An HTTP worker runs none: the primary does.
    const processes = httpOnly
      ? await superviseProcesses([], logger)
      : config.store.backend === 'postgres' && config.store.databaseUrl
        ? await leasedProcesses(starters, { url: config.store.databaseUrl, logger })
        : await superviseProcesses(starters, logger);
    track('process-managers', () => processes.stop());
    const legalClock = httpOnly ? undefined : deemedAcceptanceClock({ ...clockParts, ...(options.legalClockCheckMs === undefined ? {} : { checkEveryMs: options.legalClockCheckMs }) });
    if (legalClock) track('legal-clock', () => legalClock.stop());
    const coverageWarnings = startCoverageWarnings({ calendar, clock, logger });
    track('calendar-warnings', () => coverageWarnings.stop());

    const readModels = createReadModels(db, { calendar });
    const today = shanghaiToday(clock);
    const services: ApiServices = {
      commands,
      events: store,
      readModels,
      catalog,
      consistency: createReadConsistency({ store, runner, recent, processes: () => processes.running(), timeoutMs: config.consistencyTimeoutMs }),
      calendar: createCalendarDesk({ keeper: calendarKeeper, today }),
      reports: createReportDesk({ store, commands: bookkeeping, runner, readModels, today, firstMonth: calendar.coverage().from.slice(0, 7), timeoutMs: REPORT_TIMEOUT_MS }),
      today,
    };

    let draining = (): boolean => false;
    const readiness = apiReadiness({
      store,
      runner,
      processes,
      processNames: httpOnly ? [] : [BUNDLE_PROCESS, REVIEW_PROCESS, CALENDAR_PROCESS],
      maxLag: config.readiness.maxProjectionLag,
      draining: () => draining(),
      warnings: () => coverageWarnings.readiness(),
    });
    const handle = createApp({
      config,
      logger,
      authKeys: options.authKeys,
      catalog: () => catalog.current(),
      idempotency,
      readiness,
      routes: [
        applicantRoutes(services),
        clerkRoutes(services),
        reviewRoutes(services),
        supervisorRoutes(services),
        adminRoutes(services),
        calendarRoutes(services),
        // The console's development sign-in: never in production, and only with a key that can sign.
        ...(config.production || !options.authKeys.signKey ? [] : [devSignInRoutes(options.authKeys)]),
      ],
      webConsole: webConsole(options.webConsoleDir ?? path.resolve('web', 'dist')),
    });
    const closeHooks = [...closers].reverse();

    return {
      handle,
      app: handle.app,
      store,
      commands,
      readModels,
      runner,
      catalog,
      calendar,
      calendarKeeper,
      processes,
      legalClock,
      outdatedRebuilt: projections.outdatedRebuilt,
      applyingProjections: () => projections.applying(),
      async caughtUp(timeoutMs = 60_000) {
        await processes.caughtUp();
        await legalClock?.check();
        return runner.waitForPosition(await store.headPosition(), timeoutMs);
      },
      setDraining(flag) {
        draining = flag;
      },
      closeHooks,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
