import type { Actor } from '../../events/index.js';
import type { MonthlyReport } from '../../projections/report/monthly-report.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import type { CoverageWarning } from '../../services/calendar/index.js';
import type { CaseAggregate, CommandMeta, CommandOf, CommandResult, HandleOptions, LoadedAggregate } from '../commands/index.js';
import type { NoticeImport } from './calendar-keeper.js';

/**
 * The application's ports: what the HTTP routes and the CLI ask of the backend. Implemented in this folder
 * (keepers, desks, read consistency) over the command handler, the store and the read models; wired by
 * infra/composition. Nothing here knows about HTTP: refusals are errors of their own, mapped by the routes.
 */

/** The command handler (infra/commands) as the routes use it: the case aggregates' commands. */
export interface CommandGateway {
  /**
   * Handles the command; with `expected` (from If-Match) it is decided and appended only while the stream is
   * at that revision, else ConcurrencyError (412); `loaded` is the stream as the route's scope check read it.
   */
  handle<A extends CaseAggregate>(aggregate: A, streamId: string, command: CommandOf[A], meta: CommandMeta, options?: HandleOptions<A>): Promise<CommandResult<A>>;
  load<A extends CaseAggregate>(aggregate: A, streamId: string): Promise<LoadedAggregate<A>>;
}

/** Read-your-writes: how long to wait for the read models, and whether they got there. */
export interface ReadConsistency {
  /**
   * After a write at `position`: waits (bounded) until the process managers have reacted to it and the
   * read models hold it and what those reactions appended. False when the bound passed first.
   */
  afterWrite(position: number): Promise<boolean>;
  /** Before a read: waits (bounded) until the read models have applied `position`. */
  reach(position: number): Promise<boolean>;
  /** The position every read model has applied, now (no waiting). */
  applied(): number;
  /** The log's head now: no write has returned a position beyond it. */
  head(): Promise<number>;
  /**
   * A position at or past the last event this process appended to the stream (0 for none), from memory: a
   * read model at that position shows every write made through this process to the stream.
   */
  appendedHere(streamId: string): number;
}

export interface CatalogPublished {
  catalog: Catalog;
  revision: number;
  position: number;
}

/** The catalog in force, and publishing its next version (admin). */
export interface CatalogKeeper {
  current(): Catalog;
  /** Validates the body (CatalogValidationError lists every problem) and publishes it as the next version. */
  publish(body: unknown, by: Actor): Promise<CatalogPublished>;
}

export interface PublishedReport {
  month: string;
  /** Revision of the report stream: 0 first publication, n after n revisions. */
  revision: number;
  position: number;
  publishedAt: string;
  publishedBy: Actor;
  report: MonthlyReport;
}

/** 定期通报: monthly reports frozen as events. */
export interface ReportDesk {
  /** Brings the read models to the head of the log, then freezes `month`; a second publication needs `revise`. */
  publish(month: string, by: Actor, revise: boolean): Promise<PublishedReport>;
  read(month: string): Promise<PublishedReport | null>;
  /** Every published month, oldest first, without the figures. */
  list(): Promise<Omit<PublishedReport, 'report'>[]>;
}

/** The working-day calendar in force, and importing a State Council holiday notice (admin). */
export interface CalendarDesk {
  summary(): {
    version: string;
    today: string;
    coverage: { from: string; to: string };
    officialYears: { from: number; to: number };
    provisionalYears: number[];
    notices: { version: string; source: string; years: number[]; position: number; importedAt: string }[];
    warning: CoverageWarning | null;
  };
  /** NoticeRejectedError lists every problem; a dry run records nothing. */
  importNotice(body: unknown, by: Actor, dryRun: boolean): Promise<NoticeImport>;
}
