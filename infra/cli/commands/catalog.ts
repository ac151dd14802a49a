import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../../../events/index.js';
import { CatalogValidationError, catalogChecksum, catalogFromPublishedEvent, exportCatalogCsv, importCatalogCsv, importCatalogJson } from '../../../services/catalog/index.js';
import type { CatalogPublication } from '../../../services/catalog/index.js';
import { createCommandHandler } from '../../commands/index.js';
import { latestPublishedCatalog, publishCatalog } from '../../application/catalog-stream.js';
import { loadConfig } from '../../config/load-config.js';
import { ConcurrencyError } from '../../store/errors.js';
import { openEventStore } from '../../store/open-event-store.js';
import { parseCliArgs } from '../lib/parse-cli-args.js';
import type { CliCommand, CliIo } from '../lib/cli-command.js';

const USAGE = `main.ts catalog show
       main.ts catalog import <catalog.json> [--dry-run] [--by <admin id>]
       main.ts catalog import <items.csv> --materials <materials.csv> [--bundles <bundles.csv>] [--dry-run] [--by <admin id>]
       main.ts catalog export <dir>

show     the catalog version in force in DATA_DIR's event store
import   validates a bureau's own 实施清单 (JSON in the built-in shape, or CSV in the national field names:
         services/catalog/import-csv.ts) with every auditor rule, and publishes it as the next catalog
         version (CatalogVersionPublished on stream catalog); running API processes take it up within seconds.
         Without --bundles, the bundles in force are kept and checked against the new items.
         --dry-run validates and reports without publishing.
export   writes the catalog in force as items.csv, materials.csv and bundles.csv (the import's format)`;

const toStderr = (io: CliIo, text: string): void => void io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);

function readPublication(file: string, values: { materials?: string; bundles?: string }, previous: Parameters<typeof importCatalogJson>[1]): CatalogPublication {
  const text = readFileSync(file, 'utf8');
  if (file.toLowerCase().endsWith('.json')) return importCatalogJson(text, previous);
  if (!values.materials) throw new UsageError('a CSV import needs --materials <materials.csv> beside the items file');
  return importCatalogCsv(
    { items: text, materials: readFileSync(values.materials, 'utf8'), ...(values.bundles ? { bundles: readFileSync(values.bundles, 'utf8') } : {}) },
    previous,
  );
}

class UsageError extends Error {}

/** `npm run catalog -- import items.csv --materials materials.csv`: a bureau's own list as the next catalog version. */
export const command: CliCommand = {
  summary: 'show, import (JSON or national-field CSV) or export the catalog in force',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCliArgs(
      argv,
      {
        materials: { type: 'string' },
        bundles: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        by: { type: 'string', default: 'cli' },
        'data-dir': { type: 'string' },
      },
      USAGE,
      io,
    );
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    const [action, target] = positionals;
    if (!(action === 'show' || ((action === 'import' || action === 'export') && target))) {
      toStderr(io, `usage: ${USAGE}`);
      return 2;
    }
    const config = loadConfig(io.env, { DATA_DIR: values['data-dir'] });
    mkdirSync(config.dataDir, { recursive: true });
    const store = openEventStore(config.store);
    try {
      const inForce = await latestPublishedCatalog(store);
      if (action === 'show' || action === 'export') {
        if (!inForce) {
          toStderr(io, `no catalog published in ${config.dataDir} yet (serve publishes the built-in one on first start)`);
          return 1;
        }
        const { catalog } = inForce;
        if (action === 'show') {
          io.stdout.write(`catalog version ${catalog.version}: ${catalog.items.length} items, ${catalog.bundles.length} bundles, ${catalogChecksum(catalog)}\n`);
          return 0;
        }
        const files = exportCatalogCsv(catalog);
        mkdirSync(target!, { recursive: true });
        for (const [name, text] of Object.entries(files)) writeFileSync(path.join(target!, `${name}.csv`), text);
        io.stdout.write(`catalog version ${catalog.version} written to ${path.join(target!, '{items,materials,bundles}.csv')}\n`);
        return 0;
      }
      let publication: CatalogPublication;
      try {
        publication = readPublication(target!, values, inForce?.catalog ?? null);
      } catch (error) {
        if (error instanceof UsageError) {
          toStderr(io, `${error.message}\nusage: ${USAGE}`);
          return 2;
        }
        if (error instanceof CatalogValidationError) {
          toStderr(io, `nothing published: ${error.message}`);
          return 1;
        }
        throw error;
      }
      const catalog = catalogFromPublishedEvent(publication);
      const summary = `${catalog.items.length} items, ${catalog.bundles.length} bundles, ${catalogChecksum(catalog)}`;
      if (values['dry-run']) {
        io.stdout.write(`valid: would publish catalog version ${catalog.version} (${summary})\n`);
        return 0;
      }
      try {
        // The API's write path: the catalog decider through the command handler, on the revision read above.
        const commands = createCommandHandler({ store, clock: systemClock });
        const appended = await publishCatalog(commands, publication, inForce?.revision ?? null, { role: 'admin', id: values.by }, randomUUID());
        io.stdout.write(`published catalog version ${catalog.version} (${summary}) at log position ${appended.position}\n`);
        return 0;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        toStderr(io, 'nothing published: another catalog version was published meanwhile; run the import again to build on it');
        return 1;
      }
    } finally {
      await store.close();
    }
  },
};
