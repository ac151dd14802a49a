// The writes of the mixed-load scenario (bench/http-mixed.ts), in a process of its own so the readers' load
// generator cannot delay them: submissions and clerk actions at a steady arrival rate (open loop: each
// request is sent at its planned instant whether or not the ones before it were answered), alternating: a
// submission, then the acceptance (受理) of an application this process submitted earlier, If-Match its
// revision. A write's acknowledgement time runs from its planned instant to its answer, so a server that
// falls behind is charged for the wait (no coordinated omission). Reads its plan as JSON on stdin; prints its
// figures as one JSON line on stdout (after a STARTED line when the first write goes).
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';

export interface OpenLoopPlan {
  api: string;
  /** Writes a second, submissions and clerk actions together. */
  rate: number;
  /** The measured window; writes go on at the same rate for warmupSeconds before it, sent and not counted. */
  seconds: number;
  warmupSeconds: number;
  /** Applicant tokens to submit with (one picked at random each time). */
  applicantTokens: string[];
  /** A clerk of the department of the submitted item. */
  clerkToken: string;
  itemCode: string;
}

export interface OpenLoopFigures {
  /** Writes planned in the measured window (those of the warm-up before it are sent and not counted). */
  planned: number;
  warmup: { sent: number; failed: number };
  sent: number;
  /** `inconsistent`: answered with consistent: false (the read-your-writes wait ran out: CONSISTENCY_TIMEOUT_MS). */
  byKind: Record<string, { ok: number; failed: number; inconsistent: number; p50: number; p99: number; max: number }>;
  /** All writes answered 2xx: acknowledgement time percentiles (ms). */
  ackP50: number;
  ackP99: number;
  ackMax: number;
  failures: Record<string, number>;
  /** How late the generator itself sent (ms): a busy generator would flatter the server. */
  sendLagP99: number;
}

const percentile = (sorted: readonly number[], p: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

const submission = (itemCode: string): string =>
  JSON.stringify({
    itemCode,
    channel: 'yueshengshi',
    applicant: { kind: 'individual', name: '压测申请人' },
    form: {},
    materials: [
      { code: 'id-card', source: 'e-licence' },
      { code: 'photo', source: 'upload', reference: 'FILE-bench' },
    ],
    delivery: { mode: 'express', address: '广东省佛山市禅城区季华五路1号' },
  });

async function run(plan: OpenLoopPlan): Promise<OpenLoopFigures> {
  const interval = 1000 / plan.rate;
  const planned = Math.floor(plan.rate * plan.seconds);
  const warmup = Math.floor(plan.rate * plan.warmupSeconds);
  const warm = { sent: 0, failed: 0 };
  const measured: Record<string, number[]> = { submission: [], accept: [] };
  const failedByKind: Record<string, number> = { submission: 0, accept: 0 };
  const inconsistent: Record<string, number> = { submission: 0, accept: 0 };
  const failures: Record<string, number> = {};
  const lags: number[] = [];
  /** Applications submitted here and not yet accepted, with their revision (ETag). */
  const submitted: { id: string; etag: string }[] = [];
  const pending = new Set<Promise<void>>();

  const send = async (kind: 'submission' | 'accept', plannedAt: number, counted: boolean): Promise<void> => {
    // A write of the warm-up is sent like any other and counted apart.
    const latencies = counted ? measured : { submission: [] as number[], accept: [] as number[] };
    const failed = counted ? failedByKind : { submission: 0, accept: 0 };
    const fail = (why: string): void => void (counted ? (failures[why] = (failures[why] ?? 0) + 1) : warm.failed++);
    try {
      if (kind === 'submission') {
        const token = plan.applicantTokens[Math.floor(Math.random() * plan.applicantTokens.length)]!;
        // Node's fetch: keep-alive connections, as many as the writes in flight.
        const res = await fetch(`${plan.api}/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
          body: submission(plan.itemCode),
        });
        const body = (await res.json()) as { id?: string; consistent?: boolean };
        const took = performance.now() - plannedAt;
        if (res.status !== 201 || !body.id) return void (failed.submission!++, fail(`submission ${res.status}`));
        if (body.consistent === false && counted) inconsistent.submission!++;
        latencies.submission!.push(took);
        submitted.push({ id: body.id, etag: res.headers.get('etag') ?? '' });
      } else {
        const next = submitted.shift()!;
        const res = await fetch(`${plan.api}/applications/${next.id}/accept`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${plan.clerkToken}`, 'idempotency-key': randomUUID(), 'if-match': next.etag },
          body: '{}',
        });
        const body = (await res.json()) as { consistent?: boolean };
        const took = performance.now() - plannedAt;
        if (res.status !== 200) return void (failed.accept!++, fail(`accept ${res.status}`));
        if (body.consistent === false && counted) inconsistent.accept!++;
        latencies.accept!.push(took);
      }
    } catch (error) {
      failed[kind]!++;
      // fetch says "fetch failed"; the reason is its cause (a refused or timed-out connection, a reset).
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
      fail(cause ? `${(cause as { code?: string }).code ?? cause.name}: ${cause.message}` : error instanceof Error ? error.message : String(error));
    }
  };

  process.stdout.write('STARTED\n');
  const start = performance.now();
  const total = warmup + planned;
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    for (; sent < total && start + sent * interval <= now; sent++) {
      const plannedAt = start + sent * interval;
      const counted = sent >= warmup;
      if (counted) lags.push(now - plannedAt);
      else warm.sent++;
      // Every other write is a clerk's acceptance, once there is a submission to accept.
      const kind = sent % 2 === 1 && submitted.length > 0 ? 'accept' : 'submission';
      const p = send(kind, plannedAt, counted);
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + sent * interval - performance.now())));
  }
  await Promise.all(pending);

  const summary = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
  };
  const all = summary([...measured.submission!, ...measured.accept!]);
  const round = (n: number): number => Math.round(n * 10) / 10;
  const byKind = Object.fromEntries(
    Object.entries(measured).map(([kind, list]) => {
      const s = summary(list);
      return [kind, { ok: list.length, failed: failedByKind[kind]!, inconsistent: inconsistent[kind]!, p50: round(s.p50), p99: round(s.p99), max: round(s.max) }];
    }),
  );
  return { planned, warmup: warm, sent: sent - warm.sent, byKind, ackP50: round(all.p50), ackP99: round(all.p99), ackMax: round(all.max), failures, sendLagP99: round(summary(lags).p99) };
}

run(JSON.parse(await text(process.stdin)) as OpenLoopPlan).then(
  (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
  (error: unknown) => {
    process.stderr.write(`open-loop writer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
