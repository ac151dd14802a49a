import { parseArgs } from 'node:util';
import { reportToCsv } from '../../projections/report/report-csv.js';
import { publishMonthlyReport, readMonthlyReport } from '../projections/monthly-report.js';
import { DEVELOPMENT_IDENTITY_KEY, openProjectionEnv } from '../read-models/open-projection-env.js';

const USAGE = `usage: npm run report -- publish <YYYY-MM> [--as-of YYYY-MM-DD] [--revise] [--by <supervisor id>]
       npm run report -- show <YYYY-MM> [--csv]

publish  brings the read models up to the end of the log, then freezes the month's metrics (DESIGN.md §6)
         into a ReportPublished event on stream report-YYYY-MM, with the formula version
show     prints a published report as JSON, or as CSV
options: --events <path> (default data/events.db), --read-models <path> (default data/read-models.db)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      events: { type: 'string', default: 'data/events.db' },
      'read-models': { type: 'string', default: 'data/read-models.db' },
      'as-of': { type: 'string' },
      by: { type: 'string', default: 'cli' },
      revise: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [action, month] = positionals;
  if (values.help || !month || (action !== 'publish' && action !== 'show')) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const env = openProjectionEnv({
    eventsPath: values.events,
    readModelsPath: values['read-models'],
    identityKey: process.env.IDENTITY_HASH_KEY ?? DEVELOPMENT_IDENTITY_KEY,
  });
  try {
    if (action === 'publish') {
      await env.runner.catchUp();
      const asOf = values['as-of'] ?? new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      const { report, append } = await publishMonthlyReport({
        store: env.store,
        runner: env.runner,
        readModels: env.readModels,
        month,
        asOf,
        publishedBy: { role: 'supervisor', id: values.by },
        revise: values.revise,
      });
      process.stdout.write(`published report-${month} revision ${append.nextRevision} at log position ${report.asOfPosition} (${report.formulaVersion})\n`);
      return 0;
    }
    const report = await readMonthlyReport(env.store, month);
    if (!report) {
      process.stderr.write(`no report published for ${month}\n`);
      return 1;
    }
    process.stdout.write(values.csv ? reportToCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } finally {
    await env.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`report failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
