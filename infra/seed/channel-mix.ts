import type { Channel } from '../../events/index.js';
import type { ServiceItem } from '../../services/catalog/item-schema.js';
import type { Rng } from './rng.js';

type IntakeChannel = Exclude<Channel, 'system'>;
export type ChannelMix = Readonly<Record<IntakeChannel, number>>;

/**
 * Where applications come in. Individuals mostly use 粤省事 and the provincial portal, then 佛山12345; about
 * one in eight still comes to a hall window and a few use the self-service kiosks. Employers file on the
 * provincial portal; licences (行政许可) split between the portal and the window.
 */
export const INDIVIDUAL_MIX: ChannelMix = { 'provincial-portal': 0.28, yueshengshi: 0.36, fs12345: 0.18, window: 0.13, kiosk: 0.05 };
export const EMPLOYER_MIX: ChannelMix = { 'provincial-portal': 0.62, yueshengshi: 0.04, fs12345: 0.14, window: 0.2, kiosk: 0 };
export const LICENCE_MIX: ChannelMix = { 'provincial-portal': 0.55, yueshengshi: 0, fs12345: 0.05, window: 0.4, kiosk: 0 };

export function mixFor(item: Pick<ServiceItem, 'itemType'>, applicantKind: 'individual' | 'employer'): ChannelMix {
  if (item.itemType === '01') return LICENCE_MIX;
  return applicantKind === 'employer' ? EMPLOYER_MIX : INDIVIDUAL_MIX;
}

/** A channel among those offered, by the mix renormalised over them; an offered channel with no weight is a last resort. */
export function pickChannel(rng: Rng, offered: readonly string[], mix: ChannelMix): IntakeChannel {
  const candidates = offered.filter((c): c is IntakeChannel => c in mix);
  if (candidates.length === 0) throw new RangeError(`no intake channel among ${offered.join(', ')}`);
  const total = candidates.reduce((sum, c) => sum + mix[c], 0);
  if (total <= 0) return rng.pick(candidates);
  let x = rng.next() * total;
  for (const c of candidates) {
    x -= mix[c];
    if (x < 0) return c;
  }
  return candidates[candidates.length - 1]!;
}
