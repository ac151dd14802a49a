/** One thing readiness depends on, and why it fails when it does. */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: ReadinessCheck[];
  /** What an operator should act on soon without the instance being unready (e.g. a missing holiday notice). */
  warnings?: ReadinessCheck[];
}

/** Answers GET /ready; the composition root builds it from the store and the projections. */
export type ReadinessProbe = () => Promise<ReadinessReport>;

/** What readiness needs to know of a running projection. */
export interface ProjectionProgress {
  readonly name: string;
  /** The global position of the last event it has applied. */
  checkpoint(): number;
}

export interface StoreAndProjectionsProbeOptions {
  /** The store's newest global position: reachable means this answers in time. */
  headPosition: () => Promise<number>;
  projections: () => readonly ProjectionProgress[];
  /** How many events a projection may trail the log by and still serve. */
  maxLag: number;
  timeoutMs?: number;
  /** True once shutdown began: a draining instance takes no new traffic. */
  draining?: () => boolean;
}

/** Ready when not draining, the store answers within the timeout, and every projection is within `maxLag` of the head. */
export function storeAndProjectionsProbe(options: StoreAndProjectionsProbeOptions): ReadinessProbe {
  const timeoutMs = options.timeoutMs ?? 2000;
  return async () => {
    const checks: ReadinessCheck[] = [];
    if (options.draining?.()) checks.push({ name: 'shutdown', ok: false, detail: 'shutting down' });
    let head: number | undefined;
    try {
      head = await withTimeout(options.headPosition(), timeoutMs);
      checks.push({ name: 'store', ok: true, detail: `head position ${head}` });
    } catch (error) {
      checks.push({ name: 'store', ok: false, detail: error instanceof Error ? error.message : 'unreachable' });
    }
    for (const projection of options.projections()) {
      if (head === undefined) {
        checks.push({ name: `projection:${projection.name}`, ok: false, detail: 'store unreachable' });
        continue;
      }
      const lag = Math.max(0, head - projection.checkpoint());
      checks.push({ name: `projection:${projection.name}`, ok: lag <= options.maxLag, detail: `${lag} events behind (bound ${options.maxLag})` });
    }
    return { ready: checks.every((c) => c.ok), checks };
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
