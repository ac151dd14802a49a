import type { Channel, Delivery } from '../../events/index.js';
import type { SubmitApplication } from '../../services/application/index.js';
import { bundleChannels } from '../../services/bundle/index.js';
import type { SubmitBundle } from '../../services/bundle/index.js';
import type { Bundle, Catalog, ServiceItem } from '../../services/catalog/item-schema.js';
import { mixFor, pickChannel } from './channel-mix.js';
import { bundleMaterials, formFor, materialsFor } from './forms.js';
import type { People, Person, Pool } from './people.js';
import type { Rng } from './rng.js';
import { RATES } from './traffic-rates.js';

type IntakeChannel = Exclude<Channel, 'system'>;

/** Pension and retirement items are applied for by retirees; items only for organisations by employers. */
const RETIREE_ITEMS = new Set(['SB-011', 'SB-012', 'SB-013', 'SB-014', 'SB-015', 'KA-013', 'YJS-07']);
const EMPLOYER_BUNDLES = new Set(['YJS-01', 'YJS-02', 'YJS-06']);

function poolFor(code: string, serviceObjects: readonly string[], rng: Rng): Pool {
  if (RETIREE_ITEMS.has(code)) return 'retiree';
  const individual = serviceObjects.includes('1');
  const organisation = serviceObjects.some((o) => o !== '1');
  if (!individual) return 'employer';
  return organisation && rng.chance(0.25) ? 'employer' : 'worker';
}

const DISTRICT_ROADS = ['禅城区季华五路', '南海区桂城街道南海大道', '顺德区大良街道德和路', '三水区西南街道广海大道', '高明区荷城街道文华路'];

function address(rng: Rng): string {
  return `广东省佛山市${rng.pick(DISTRICT_ROADS)}${rng.int(1, 388)}号`;
}

/**
 * How the result should reach the applicant. Physical results (cards, certificates) go by free express for
 * most online applicants; at a window, people tend to come back for them; anything else is electronic.
 */
function deliveryFor(items: readonly ServiceItem[], channel: IntakeChannel, rng: Rng): Delivery {
  if (items.some((i) => i.code === 'KA-002')) return { mode: 'pickup' };
  const atHall = channel === 'window' || channel === 'kiosk';
  if (items.every((i) => i.expressSupported)) {
    const x = rng.next();
    if (x < (atHall ? 0.2 : 0.6)) return { mode: 'express', address: address(rng) };
    if (x < (atHall ? 0.8 : 0.75)) return { mode: 'pickup' };
    return { mode: 'electronic' };
  }
  return rng.chance(atHall ? 0.45 : 0.93) ? { mode: 'electronic' } : { mode: 'pickup' };
}

export interface ItemSubmission {
  person: Person;
  channel: IntakeChannel;
  command: Omit<SubmitApplication, 'applicationId'>;
}

export interface BundleSubmission {
  person: Person;
  channel: IntakeChannel;
  command: Omit<SubmitBundle, 'bundleId'>;
}

export interface Intake {
  item(item: ServiceItem, on: string, rng: Rng, reference: string): ItemSubmission;
  bundle(bundle: Bundle, on: string, rng: Rng, reference: string): BundleSubmission;
}

const ageOn = (person: Person, on: string): number => Number(on.slice(0, 4)) - person.birthYear;

/** What applicants send: who, through which channel, with which form, materials and delivery. */
export function createIntake(catalog: Catalog, people: People): Intake {
  const itemOf = (code: string): ServiceItem => {
    const item = catalog.item(code);
    if (!item) throw new Error(`bundle member ${code} is not in the catalog`);
    return item;
  };
  return {
    item(item, on, rng, reference) {
      const pool = poolFor(item.code, item.serviceObjects, rng);
      const person = people.draw(pool, rng);
      const channel = pickChannel(rng, item.channels, mixFor(item, person.applicant.kind));
      const rules = item.instantApproval ? [item.instantApproval] : [];
      const form = formFor(rules, { age: ageOn(person, on), submittedOn: on }, rng, rng.chance(RATES.instantApprovalDeclined));
      return {
        person,
        channel,
        command: {
          type: 'submitApplication',
          itemCode: item.code,
          catalogVersion: catalog.version,
          applicant: person.applicant,
          form,
          materials: materialsFor(item, rng, reference),
          delivery: deliveryFor([item], channel, rng),
        },
      };
    },
    bundle(bundle, on, rng, reference) {
      const items = bundle.members.map((m) => itemOf(m.itemCode));
      const pool: Pool = EMPLOYER_BUNDLES.has(bundle.code) ? 'employer' : RETIREE_ITEMS.has(bundle.code) ? 'retiree' : 'worker';
      const person = people.draw(pool, rng);
      // Where every member is offered, and at any hall window (一窗受理).
      const offered = bundleChannels(items);
      const channel = pickChannel(rng, offered, mixFor(items[0]!, person.applicant.kind));
      const rules = items.flatMap((i) => (i.instantApproval ? [i.instantApproval] : []));
      const form = formFor(rules, { age: ageOn(person, on), submittedOn: on }, rng, rng.chance(RATES.instantApprovalDeclined));
      const members = bundle.members.map((m, i) => ({ item: items[i]!, waits: m.dependsOn.length > 0 }));
      return {
        person,
        channel,
        command: {
          type: 'submitBundle',
          bundleCode: bundle.code,
          catalogVersion: catalog.version,
          applicant: person.applicant,
          form,
          materials: bundleMaterials(members, reference),
          delivery: deliveryFor(items, channel, rng),
        },
      };
    },
  };
}
