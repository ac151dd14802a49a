import type { OwnedApplication } from './http-fixtures.js';

/**
 * Signed-in users as a bureau's day has them (issue 20): each holds one token for the whole session and
 * sends it with every request; new sign-ins arrive at a steady rate, each taking the place of a session
 * that ended. So the server's verified-token cache sees what it would in service: the same tokens again and
 * again, and a trickle of new ones.
 */
export interface SessionsSpec {
  /** Live sessions at any time. */
  users: number;
  /** New sign-ins a second (each ends another session). */
  signInsPerSecond: number;
  /** How long the bench may ask for sessions: the pool of sign-in tokens issued up front covers it. */
  plannedSeconds: number;
}

export interface Session {
  applicantId: string;
  token: string;
  /** The applications this user owns (of the bench's sample). */
  applications: readonly string[];
}

export interface Sessions {
  /** A live session at random, after the sign-ins due by now have happened. */
  pick(): Session;
  /** The sessions live now (before the first pick: those signed in before the run). */
  live(): readonly Session[];
  /** How many sign-ins have happened since the first pick, and how many distinct tokens were handed out. */
  figures(): { live: number; signIns: number; tokens: number; signInsPerSecond: number };
}

/**
 * The first request of each session signed in before the run (its status read), so the server has seen every
 * live token once, as it would have at their sign-ins earlier in the day: in the run, only the stated rate
 * of sign-ins brings tokens it has not verified. Sent `concurrency` at a time.
 */
export async function openSessions(api: string, sessions: readonly Session[], concurrency = 32): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < sessions.length) {
      const { token, applications } = sessions[next++]!;
      const res = await fetch(`${api}/applications/${applications[0]}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (!res.ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failed;
}

/**
 * Issues the tokens first (jose signs asynchronously; the load side must not wait on it mid-run): one per
 * live session, and one per sign-in planned. Sign-ins beyond the plan reuse the pool from its start, which a
 * long run would show as fewer distinct tokens than sign-ins (`figures`).
 */
export async function prepareSessions(
  owned: readonly OwnedApplication[],
  spec: SessionsSpec,
  issue: (applicantId: string) => Promise<string>,
  random: () => number = Math.random,
): Promise<Sessions> {
  const byApplicant = new Map<string, string[]>();
  for (const { applicationId, applicantId } of owned) {
    const list = byApplicant.get(applicantId);
    if (list) list.push(applicationId);
    else byApplicant.set(applicantId, [applicationId]);
  }
  const applicants = [...byApplicant.keys()];
  if (applicants.length === 0) throw new Error('no applicants to sign in');
  const users = Math.min(spec.users, applicants.length);
  const signIn = async (i: number): Promise<Session> => {
    const applicantId = applicants[i % applicants.length]!;
    return { applicantId, token: await issue(applicantId), applications: byApplicant.get(applicantId)! };
  };
  const live: Session[] = [];
  for (let i = 0; i < users; i++) live.push(await signIn(i));
  const pool: Session[] = [];
  const planned = Math.max(1, Math.ceil(spec.signInsPerSecond * spec.plannedSeconds));
  for (let i = 0; i < planned; i++) pool.push(await signIn(users + i));

  let startedAt: number | undefined;
  let signIns = 0;
  return {
    pick() {
      startedAt ??= performance.now();
      const due = Math.floor(((performance.now() - startedAt) / 1000) * spec.signInsPerSecond);
      for (; signIns < due; signIns++) live[Math.floor(random() * live.length)] = pool[signIns % pool.length]!;
      return live[Math.floor(random() * live.length)]!;
    },
    live: () => live,
    figures: () => ({ live: live.length, signIns, tokens: live.length + Math.min(signIns, pool.length), signInsPerSecond: spec.signInsPerSecond }),
  };
}
