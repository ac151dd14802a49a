import pg from 'pg';

export interface LeaseEvents {
  /** This process holds the lease now: start the work only one process may do. */
  acquired(): Promise<void>;
  /** The lease is gone (the connection holding it was lost): stop that work. */
  lost(): Promise<void>;
}

export interface Lease {
  /** Resolves once the first try decided (held and the work started, or held elsewhere, or no connection). */
  readonly settled: Promise<void>;
  /** Whether this process holds it now. */
  held(): boolean;
  /** Gives the lease up (stopping the work first) and stops trying. */
  stop(): Promise<void>;
}

/**
 * One holder among the processes on one database, by a session-level advisory lock on a connection of its
 * own: a holder that dies (SIGKILL included) closes its connection and the server releases the lock at once,
 * so another process takes over at its next try (every `retryMs`). A holder checks its connection every
 * `retryMs` too, and counts a lost connection as a lost lease (the lock went with it).
 */
export function holdLease(options: {
  url: string;
  key: number;
  /** The lease connection's application_name is `<name>-<pid>` (default hrss-lease). */
  name?: string;
  retryMs?: number;
  events: LeaseEvents;
  onError?: (error: unknown) => void;
}): Lease {
  const retryMs = options.retryMs ?? 2000;
  let stopped = false;
  let holding = false;
  let client: pg.Client | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        // Named, so an operator (or a test) can see which process holds the lease in pg_stat_activity.
        client = new pg.Client({ connectionString: options.url, application_name: `${options.name ?? 'hrss-lease'}-${process.pid}` });
        client.on('error', () => undefined);
        await client.connect();
        while (!stopped) {
          if (!holding) {
            const got = (await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [options.key])).rows[0]!.got;
            if (got) {
              holding = true;
              await options.events.acquired();
            }
            settle();
          } else {
            await client.query('SELECT 1');
          }
          await pause(retryMs);
        }
      } catch (error) {
        options.onError?.(error);
        settle();
      } finally {
        if (holding) {
          holding = false;
          await options.events.lost().catch((error: unknown) => options.onError?.(error));
        }
        await client?.end().catch(() => undefined);
        client = undefined;
      }
      if (!stopped) await pause(retryMs);
    }
  };
  const running = loop();

  return {
    settled,
    held: () => holding,
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
