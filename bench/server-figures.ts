import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** What a bench server process reports over its figures route (http-paths.ts CPU_PATH). */
export interface ServerFigures {
  micros: number;
  gc: { count: number; totalMs: number; maxMs: number };
  loopDelayMs: { p99: number; max: number };
}

/**
 * The server's CPU time, and what held its thread since the last look: garbage-collection pauses and the
 * event loop's delay (the tail of a latency distribution is usually one or the other).
 */
export function processFigures(): () => ServerFigures {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let gc = { count: 0, totalMs: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  return () => {
    const { user, system } = process.cpuUsage();
    const figures: ServerFigures = {
      micros: user + system,
      gc: { count: gc.count, totalMs: Math.round(gc.totalMs), maxMs: Math.round(gc.maxMs * 10) / 10 },
      loopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    };
    gc = { count: 0, totalMs: 0, maxMs: 0 };
    loop.reset();
    return figures;
  };
}

