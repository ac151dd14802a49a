import type { Principal } from '../infra/auth/principal.js';
import { derivedId } from '../infra/commands/ids.js';
import type { Rng } from '../infra/seed/rng.js';

/**
 * What the clients of the kill run send: applicants submit SB-014 applications (now and then a 职工退休一件事
 * bundle, whose members the process managers open), and a clerk of 社保基金管理局 takes each application
 * through accept → decide → issue → dispatch, each step with the ETag of the step before. Every write
 * carries an Idempotency-Key, as a portal would; its command id is what the server derives from it.
 */

export const CLERK: Principal = { role: 'clerk', sub: 'clerk-torture', department: 'FSRS-SBJ', hall: 'FS-CC-01' };

const ID_NUMBER = '440604196609121234';
const applicant = (kind: 'individual', name: string) => ({ kind, name, idNumber: ID_NUMBER, phone: '13800000000' });

export interface Write {
  key: string;
  principal: Principal;
  path: string;
  body: unknown;
  /** The ETag the clerk holds; the same on every retry. */
  ifMatch?: string;
  /** The command id the server derives from the caller and the key (infra/http/routes/command-meta.ts). */
  commandId: string;
  kind: 'submission' | 'bundle' | 'clerk-action';
}

/** An application a client follows: the revision its last acknowledged write returned, and the next step. */
export interface OpenCase {
  id: string;
  revision: number;
  step: number;
}

const STEPS: [string, unknown][] = [
  ['accept', undefined],
  ['decide', { outcome: 'approved', legalBasis: '《社会保险法》第十六条' }],
  ['issue', { documentType: 'certificate', documentNo: 'SB-CERT' }],
  ['dispatch', { mode: 'electronic' }],
];

export const LAST_STEP = STEPS.length;

function write(principal: Principal, key: string, path: string, body: unknown, kind: Write['kind'], ifMatch?: string): Write {
  return { key, principal, path, body, kind, commandId: derivedId('http-command', principal.role, principal.sub, key), ...(ifMatch ? { ifMatch } : {}) };
}

/** The next write of client `client`, its `n`th: a new case, or the next step of one it follows. */
export function nextWrite(rng: Rng, runId: string, client: number, n: number, open: readonly OpenCase[]): { write: Write; follows?: OpenCase } {
  const key = `torture-${runId}-${client}-${n}`;
  const who: Principal = { role: 'applicant', sub: `p-torture-${client}-${n % 7}` };
  if (open.length === 0 || rng.chance(0.3)) {
    if (rng.chance(0.1)) {
      const bundle = {
        bundleCode: 'YJS-07',
        channel: 'yueshengshi',
        applicant: applicant('individual', `退休申请人 ${client}-${n}`),
        form: { birthDate: '1966-09-12', gender: 'male', insuredYears: 32 },
        materials: [
          { code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' },
          { code: 'retirement-form', source: 'upload', reference: `upload-${n}` },
          { code: 'personnel-file', source: 'paper', reference: 'SF1234567890' },
        ],
        delivery: { mode: 'electronic' },
      };
      return { write: write(who, key, '/api/v1/bundles', bundle, 'bundle') };
    }
    const body = {
      itemCode: 'SB-014',
      channel: rng.pick(['yueshengshi', 'provincial-portal', 'fs12345']),
      applicant: applicant('individual', `申请人 ${client}-${n}`),
      form: { reason: 'pension certification', n },
      materials: [{ code: 'id-card', source: 'e-licence', reference: `EL-${n}` }],
      delivery: { mode: 'electronic' },
    };
    return { write: write(who, key, '/api/v1/applications', body, 'submission') };
  }
  const follows = rng.pick(open);
  const [action, body] = STEPS[follows.step]!;
  return { write: write(CLERK, key, `/api/v1/applications/${follows.id}/${action}`, body, 'clerk-action', `"${follows.revision}"`), follows };
}
