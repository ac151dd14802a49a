import { catalogFigures } from '../../../services/catalog/catalog-figures.js';
import type { CatalogFigures } from '../../../services/catalog/catalog-figures.js';
import { catalogChecksum } from '../../../services/catalog/catalog-checksum.js';
import { loadBuiltinCatalog } from '../../../services/catalog/load-catalog.js';

import type { CliCommand } from '../lib/cli-command.js';

/** Terminal columns: CJK characters and full-width punctuation take two. */
const width = (s: string): number => [...s].reduce((n, ch) => n + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
const padEnd = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - width(s)));

const pct = (n: number, of: number): string => `${((100 * n) / of).toFixed(1)}%`;

function rows(f: CatalogFigures): [string, string, string][] {
  return [
    ['items (事项)', String(f.items), ''],
    ['online-capable (网上可办)', String(f.onlineCapable), pct(f.onlineCapable, f.items)],
    ['fully online (全程网办)', String(f.fullyOnline), pct(f.fullyOnline, f.items)],
    ['zero-visit capable (零跑动)', String(f.zeroVisitCapable), pct(f.zeroVisitCapable, f.items)],
    ['zero-submission capable (零提交)', String(f.zeroSubmissionCapable), pct(f.zeroSubmissionCapable, f.items)],
    ['instant approval (秒批)', String(f.instantApproval), pct(f.instantApproval, f.items)],
    ['free express (免费快递)', String(f.expressSupported), pct(f.expressSupported, f.items)],
    ['immediate items (即办件)', String(f.immediateItems), pct(f.immediateItems, f.items)],
    ['bundles (打包一件事)', String(f.bundles), ''],
    ['fast-track items (提速办)', String(f.fastTrack), ''],
    ['mean promised speed-up (承诺时限压缩率)', pct(f.meanPromisedSpeedUp, 1), `over ${f.itemsWithStatutoryLimit} items with a statutory limit`],
    ['mean fast-track speed-up', pct(f.meanFastTrackSpeedUp, 1), `over ${f.fastTrack} fast-track items`],
  ];
}

/** `npm run catalog:figures`: the built-in catalog's figures (DESIGN.md §6 catalog rates), as the README quotes them. */
export const command: CliCommand = {
  summary: 'print the built-in catalog’s figures (items, online-capable, zero-visit, bundles, speed-up)',
  usage: 'main.ts catalog-figures',
  run(_argv, io) {
    const catalog = loadBuiltinCatalog();
    const table = rows(catalogFigures(catalog));
    const w0 = Math.max(...table.map((r) => width(r[0])));
    const w1 = Math.max(...table.map((r) => r[1].length));
    const lines = [`catalog version ${catalog.version} (built-in), ${catalogChecksum(catalog)}`];
    for (const [label, value, note] of table) lines.push(`${padEnd(label, w0)}  ${value.padStart(w1)}  ${note}`.trimEnd());
    io.stdout.write(`${lines.join('\n')}\n`);
    return Promise.resolve(0);
  },
};
