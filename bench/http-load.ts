import autocannon from 'autocannon';

/** One autocannon run's figures. */
export interface LoadFigures {
  name: string;
  seconds: number;
  requests: number;
  /** Mean requests per second. */
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** The server's CPU time per completed request (µs), when the spec says where to read it. */
  serverCpuMicros: number | null;
  /** What held the server's thread during the run: GC pauses and event-loop delay (from the same URL). */
  serverStalls: unknown;
}

export interface LoadSpec {
  name: string;
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Changes each request before it is sent: a random id, token or filter. */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
  /** A URL answering the server's CPU time so far, `{ micros }`. */
  cpuUrl?: string;
}

async function serverCpu(url: string | undefined): Promise<{ micros: number; gc?: unknown; loopDelayMs?: unknown } | null> {
  if (url === undefined) return null;
  return (await (await fetch(url)).json()) as { micros: number };
}

/** Runs autocannon on the spec; progress (requests so far) goes to stderr once a second. */
export async function runLoad(spec: LoadSpec, progress: (line: string) => void): Promise<LoadFigures> {
  let done = 0;
  const requests: autocannon.Request[] = [
    {
      method: spec.method ?? 'GET',
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.body === undefined ? {} : { body: spec.body }),
      ...(spec.setupRequest ? { setupRequest: spec.setupRequest } : {}),
    },
  ];
  const cpuBefore = await serverCpu(spec.cpuUrl);
  const ticker = setInterval(() => progress(`  ${spec.name}: ${done} requests`), 1000);
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url: spec.url, connections: spec.connections, duration: spec.seconds, requests }, (error, out) => (error ? reject(error as Error) : resolve(out)));
      instance.on('response', () => done++);
    });
    const cpuAfter = await serverCpu(spec.cpuUrl);
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
    return {
      name: spec.name,
      seconds: result.duration,
      requests: result.requests.total,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCodes,
      serverCpuMicros: cpuBefore === null || cpuAfter === null || result.requests.total === 0 ? null : (cpuAfter.micros - cpuBefore.micros) / result.requests.total,
      serverStalls: cpuAfter === null ? null : { gc: cpuAfter.gc, loopDelayMs: cpuAfter.loopDelayMs },
    };
  } finally {
    clearInterval(ticker);
  }
}
