import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { decodeBundleCursor, decodeEntryCursor } from '../../infra/read-models/queue-cursor.js';
import { projectionStateStore } from '../../infra/read-models/projection-state.js';
import { WORK_QUEUE, workQueueTables } from '../../infra/read-models/work-queue-sql.js';
import type { BundleQueueEntry, WorkQueue, WorkQueueQuery } from '../../infra/read-models/work-queue-queries.js';
import type { WorkQueueEntry } from '../../projections/work-queue/work-queue-view.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import { accepted, closed, decided, supplementRequested, submitted, visited } from '../support/lifecycle-data.js';

const TODAY = '2020-03-10';
const DATES = ['2020-03-02', '2020-03-03', '2020-03-04', '2020-03-05'];
const DEADLINES = ['2020-03-06', '2020-03-09', '2020-03-11', '2020-03-20'];

interface Case {
  department: 'D1' | 'D2';
  hall: 'H1' | 'H2' | null;
  submittedOn: number;
  deadline: number | null;
  bundle: number | null;
  /** open: on the clerks' side; waiting: a supplement asked; closed: gone from the queue. */
  fate: 'open' | 'waiting' | 'closed';
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  department: fc.constantFrom('D1' as const, 'D2' as const),
  hall: fc.constantFrom('H1' as const, 'H2' as const, null),
  submittedOn: fc.nat(DATES.length - 1),
  deadline: fc.option(fc.nat(DEADLINES.length - 1), { nil: null }),
  bundle: fc.option(fc.nat(3), { nil: null }),
  fate: fc.constantFrom('open' as const, 'waiting' as const, 'closed' as const),
});

async function write(h: Harness, c: Case, bundles: string[]): Promise<void> {
  const id = randomUUID();
  const s = `application-${id}`;
  const on = DATES[c.submittedOn]!;
  const bundleId = c.bundle === null ? undefined : bundles[c.bundle]!;
  await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, department: c.department, submittedOn: on, ...(bundleId ? { bundleId } : {}) }), on);
  if (c.hall) await h.append(s, 'VisitRecorded', visited(on, c.hall, 'submit'), on);
  if (c.deadline !== null) await h.append(s, 'ApplicationAccepted', accepted(on, DEADLINES[c.deadline]!), on);
  if (c.fate === 'waiting') await h.append(s, 'SupplementRequested', supplementRequested(on), on);
  if (c.fate === 'closed') {
    await h.append(s, 'DecisionMade', decided(on), on);
    await h.append(s, 'ApplicationClosed', closed(on), on);
  }
}

/** Every page of a queue, each list followed through its `next` tokens to its end. */
function allPages(h: Harness, query: WorkQueueQuery): { open: WorkQueueEntry[]; waiting: WorkQueueEntry[]; bundles: BundleQueueEntry[]; pages: WorkQueue[] } {
  const pages: WorkQueue[] = [];
  const open: WorkQueueEntry[] = [];
  const waiting: WorkQueueEntry[] = [];
  const bundles: BundleQueueEntry[] = [];
  let next: WorkQueue['next'] | null = null;
  for (;;) {
    if (pages.length > 100) throw new Error('the pages never end: a token leads back to a page already read');
    const page: WorkQueue = h.readModels.workQueue({
      ...query,
      ...(next?.open ? { openAfter: decodeEntryCursor(next.open)! } : {}),
      ...(next?.waitingForApplicant ? { waitingAfter: decodeEntryCursor(next.waitingForApplicant)! } : {}),
      ...(next?.bundles ? { bundlesAfter: decodeBundleCursor(next.bundles)! } : {}),
    });
    pages.push(page);
    // A list whose last page came already is not asked again.
    if (next === null || next.open) open.push(...page.open);
    if (next === null || next.waitingForApplicant) waiting.push(...page.waitingForApplicant);
    if (next === null || next.bundles) bundles.push(...page.bundles);
    const done = (list: keyof WorkQueue['next']) => page.next[list] === null || (next !== null && next[list] === null);
    if (done('open') && done('waitingForApplicant') && done('bundles')) return { open, waiting, bundles, pages };
    next = {
      open: next !== null && next.open === null ? null : page.next.open,
      waitingForApplicant: next !== null && next.waitingForApplicant === null ? null : page.next.waitingForApplicant,
      bundles: next !== null && next.bundles === null ? null : page.next.bundles,
    };
  }
}

/** The queue's order: by due date (none last), then submission date, then id. */
const queueOrder = (a: WorkQueueEntry, b: WorkQueueEntry): number =>
  (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31') || a.submittedOn.localeCompare(b.submittedOn) || (a.applicationId < b.applicationId ? -1 : 1);

/** A bundle's line worked out from every department's whole queue, the way the projection's rows say it. */
function bundleModel(bundleId: string, everyEntry: WorkQueueEntry[], inScope: (e: WorkQueueEntry) => boolean): Omit<BundleQueueEntry, 'bundleCode'> {
  const members = everyEntry.filter((e) => e.bundleId === bundleId);
  const due = members.filter((m) => m.dueOn !== null).sort((a, b) => a.dueOn!.localeCompare(b.dueOn!))[0];
  return {
    bundleId,
    nextDue: due?.dueOn ?? null,
    provisional: due?.provisional ?? false,
    overdue: members.some((m) => m.overdue),
    dueSoon: members.some((m) => m.dueSoon),
    applicationIds: members
      .filter(inScope)
      .map((m) => m.applicationId)
      .sort(),
  };
}

describe('work queue pages', () => {
  it('pages every list through its tokens: each entry once, in the queue order, the same as one whole page; bundles as their members say', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: 5 }), async (cases, limit) => {
        const h = projectionHarness();
        try {
          const bundles = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
          for (const c of cases) await write(h, c, bundles);
          await h.runner.catchUp();
          const whole = (department: string) => {
            const q = h.readModels.workQueue({ department, today: TODAY, limit: 500 });
            return [...q.open, ...q.waitingForApplicant];
          };
          const everyEntry = [...whole('D1'), ...whole('D2')];
          for (const query of [{ department: 'D1' }, { department: 'D2', hall: 'H1' }] as const) {
            const inScope = (e: { department: string; hall: string | null }) => e.department === query.department && (!('hall' in query) || e.hall === query.hall);
            const paged = allPages(h, { ...query, today: TODAY, limit });
            const big = h.readModels.workQueue({ ...query, today: TODAY, limit: 500 });
            const model = everyEntry.filter(inScope);
            expect(paged.open).to.deep.equal(model.filter((e) => e.section !== 'waiting').sort(queueOrder));
            expect(paged.waiting).to.deep.equal(model.filter((e) => e.section === 'waiting').sort(queueOrder));
            expect(paged.open).to.deep.equal(big.open);
            expect(paged.waiting).to.deep.equal(big.waitingForApplicant);
            expect(paged.bundles).to.deep.equal(big.bundles);
            for (const page of paged.pages) {
              expect(page.open.length).to.be.at.most(limit);
              expect(page.bundles.length).to.be.at.most(limit);
              expect(page.counts).to.deep.equal(big.counts);
            }
            const bundleIds = [...new Set(model.map((e) => e.bundleId).filter((b): b is string => b !== null))];
            expect(big.counts.bundles).to.equal(bundleIds.length);
            const expected = bundleIds
              .map((b) => bundleModel(b, everyEntry, inScope))
              .sort((a, b) => (a.nextDue ?? '9999-12-31').localeCompare(b.nextDue ?? '9999-12-31') || (a.bundleId < b.bundleId ? -1 : 1));
            expect(paged.bundles.map((b) => ({ ...b, bundleCode: undefined, applicationIds: [...b.applicationIds].sort() }))).to.deep.equal(
              expected.map((b) => ({ ...b, bundleCode: undefined })),
            );
          }
        } finally {
          await h.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reads a page as an index range in the queue order and the bundles from covering indexes, whatever the department holds', async () => {
    const h = projectionHarness();
    try {
      await write(h, { department: 'D1', hall: 'H1', submittedOn: 0, deadline: 1, bundle: 0, fate: 'open' }, [randomUUID()]);
      await h.runner.catchUp();
      const t = workQueueTables(projectionStateStore(h.db).activeGeneration(WORK_QUEUE)!).items;
      const plan = (sql: string) =>
        (h.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ department: 'D1', hall: 'H1', lane: 'open', limit: 5, dueOrder: '2020-03-01', submittedOn: '2020-03-01', id: 'x' }) as { detail: string }[])
          .map((p) => p.detail)
          .join('; ');
      // No sort of the department's rows: the LIMIT stops the index walk.
      const order = 'ORDER BY due_order, submitted_on, id LIMIT @limit';
      for (const [where, index] of [
        ['department = @department', 'department_order'],
        ['department = @department AND hall = @hall', 'hall_order'],
      ] as const) {
        for (const after of ['', 'AND (due_order, submitted_on, id) > (@dueOrder, @submittedOn, @id)']) {
          const detail = plan(`SELECT doc FROM ${t} WHERE ${where} AND lane = @lane ${after} ${order}`);
          expect(detail).to.contain(`INDEX ${t}_${index}`);
          expect(detail).not.to.contain('TEMP B-TREE');
        }
        const members = plan(`SELECT bundle_id, id, department, hall, due_on, warn_from, provisional FROM ${t}
          WHERE bundle_id IN (SELECT bundle_id FROM ${t} WHERE ${where} AND bundle_id IS NOT NULL) ORDER BY bundle_id, id`);
        expect(members).to.contain(`COVERING INDEX ${t}_bundle`);
        expect(members).to.contain(`COVERING INDEX ${t}_scope_bundles`);
      }
    } finally {
      await h.close();
    }
  });

  it('refuses a token it did not make', () => {
    for (const bad of ['', 'not a token', Buffer.from('[1,2,3]').toString('base64url'), Buffer.from('["a","b"]').toString('base64url')]) {
      expect(decodeEntryCursor(bad), bad).to.equal(null);
    }
    expect(decodeBundleCursor(Buffer.from('["a","b","c"]').toString('base64url'))).to.equal(null);
    expect(decodeBundleCursor(Buffer.from('["2020-03-01","b"]').toString('base64url'))).to.deep.equal({ nextDue: '2020-03-01', bundleId: 'b' });
  });
});
