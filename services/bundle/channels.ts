import { ItemChannel } from '../catalog/item-schema.js';
import type { ServiceItem } from '../catalog/item-schema.js';

/**
 * The channels a 一件事 bundle is offered on: those every member item offers (its one online form runs on a
 * platform only where each member's does), and always the hall window. 一窗受理 (one-window intake): the
 * comprehensive window takes any bundle, and the back office works each member on its item's own channels.
 */
export function bundleChannels(items: readonly Pick<ServiceItem, 'channels'>[]): ItemChannel[] {
  const common = ItemChannel.options.filter((c) => items.every((i) => i.channels.includes(c)));
  return common.includes('window') ? common : [...common, 'window'];
}
