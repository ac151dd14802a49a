import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ALL_PROJECTIONS } from '../read-models/all-projections.js';
import { DEVELOPMENT_IDENTITY_KEY, openProjectionEnv } from '../read-models/open-projection-env.js';

const USAGE = `usage: npm run rebuild -- <projection…> | --all | --outdated [options]

Builds a new generation of each named projection beside the live one (which keeps serving and following
the log), replays the whole event log into it, and switches to it when caught up.

projections: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}
options:
  --events <path>        event store file        (default data/events.db)
  --read-models <path>   read-model database     (default data/read-models.db)
  --batch <n>            events per transaction  (default 5000)
  the identity-number hash key comes from IDENTITY_HASH_KEY (the same key the live runner uses)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      events: { type: 'string', default: 'data/events.db' },
      'read-models': { type: 'string', default: 'data/read-models.db' },
      batch: { type: 'string', default: '5000' },
      all: { type: 'boolean', default: false },
      outdated: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || (positionals.length === 0 && !values.all && !values.outdated)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const identityKey = process.env.IDENTITY_HASH_KEY ?? DEVELOPMENT_IDENTITY_KEY;
  if (!process.env.IDENTITY_HASH_KEY) process.stderr.write('warning: IDENTITY_HASH_KEY is not set; using the development key\n');
  const env = openProjectionEnv({ eventsPath: values.events, readModelsPath: values['read-models'], identityKey });
  try {
    const names = values.all ? ALL_PROJECTIONS.map((p) => p.name) : values.outdated ? env.runner.outdated() : positionals;
    if (names.length === 0) process.stdout.write('nothing to rebuild\n');
    for (const name of names) {
      const bar = new cliProgress.SingleBar(
        { format: `${name.padEnd(20)} {bar} {percentage}% | {value}/{total} events | {rate} ev/s | {eta_formatted}`, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      const started = performance.now();
      let begun = false;
      const result = await env.runner.rebuild(name, {
        batchSize: Number(values.batch),
        onProgress(position, head) {
          const rate = Math.round(position / ((performance.now() - started) / 1000 || 1));
          if (!begun) {
            bar.start(Math.max(head, position), position, { rate });
            begun = true;
          }
          bar.setTotal(Math.max(head, position));
          bar.update(position, { rate });
        },
      });
      bar.stop();
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `${name}: generation ${result.generation} active at position ${result.position}` +
          `${result.replaced === null ? '' : `, generation ${result.replaced} dropped`} (${seconds.toFixed(1)} s)\n`,
      );
    }
    return 0;
  } finally {
    await env.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
