import { shanghaiToday, systemClock } from '../../../events/index.js';
import { reportToCsv } from '../../../projections/report/report-csv.js';
import { loadConfig } from '../../config/load-config.js';
import { publishMonthlyReport, readMonthlyReport } from '../../projections/monthly-report.js';
import { DomainError } from '../../../services/decider.js';
import { createCommandHandler } from '../../commands/index.js';
import { CliRefusedError, openCliProjectionEnv } from '../lib/cli-projection-env.js';
import { parseCliArgs } from '../lib/parse-cli-args.js';
import type { CliCommand } from '../lib/cli-command.js';

const USAGE = `main.ts report publish <YYYY-MM> [--as-of YYYY-MM-DD] [--revise] [--by <supervisor id>] [--data-dir DIR]
       main.ts report show <YYYY-MM> [--csv] [--data-dir DIR]

publish  brings the read models up to the end of the log, then freezes the month's metrics (DESIGN.md §6)
         into a ReportPublished event on stream report-YYYY-MM, with the formula version
show     prints a published report as JSON, or as CSV`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `npm run report -- publish 2025-03`: 定期通报, the monthly report frozen as an event. */
export const command: CliCommand = {
  summary: 'publish a month’s metrics as a report (定期通报), or show one as JSON or CSV',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCliArgs(
      argv,
      {
        'as-of': { type: 'string' },
        by: { type: 'string', default: 'cli' },
        revise: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
      },
      USAGE,
      io,
    );
    if (!parsed) return 2;
    const { values, positionals } = parsed;
    const [action, month] = positionals;
    const problem =
      action !== 'publish' && action !== 'show' ? 'the action is publish or show'
      : !month || !MONTH.test(month) ? `the month "${month ?? ''}" is not YYYY-MM`
      : values['as-of'] !== undefined && !DATE.test(values['as-of']) ? `--as-of "${values['as-of']}" is not YYYY-MM-DD`
      : undefined;
    if (problem || !month) {
      io.stderr.write(`${problem ?? ''}\nusage: ${USAGE}\n`);
      return 2;
    }
    const config = loadConfig(io.env, { DATA_DIR: values['data-dir'] });
    let env;
    try {
      env = await openCliProjectionEnv(config, io);
    } catch (error) {
      if (!(error instanceof CliRefusedError)) throw error;
      io.stderr.write(`report refused: ${error.message}\n`);
      return 2;
    }
    try {
      if (action === 'publish') {
        await env.runner.catchUp();
        const published = await publishMonthlyReport({
          store: env.store,
          // The API's write path: the report decider through the command handler.
          commands: createCommandHandler({ store: env.store, clock: systemClock }),
          runner: env.runner,
          readModels: env.readModels,
          month,
          asOf: values['as-of'] ?? shanghaiToday(systemClock)(),
          publishedBy: { role: 'supervisor', id: values.by },
          revise: values.revise,
        }).catch((error: unknown) => {
          if (error instanceof DomainError && (error.code === 'REPORT_ALREADY_PUBLISHED' || error.code === 'REPORT_NOT_PUBLISHED')) return null;
          throw error;
        });
        if (!published) {
          io.stderr.write(values.revise ? `no report for ${month} to revise: publish it first\n` : `report-${month} is already published: pass --revise to publish a revision\n`);
          return 1;
        }
        const { report, append } = published;
        io.stdout.write(`published report-${month} as publication ${append.nextRevision + 1} (stream revision ${append.nextRevision}) at log position ${report.asOfPosition} (${report.formulaVersion})\n`);
        return 0;
      }
      const report = await readMonthlyReport(env.store, month);
      if (!report) {
        io.stderr.write(`no report published for ${month}\n`);
        return 1;
      }
      io.stdout.write(values.csv ? reportToCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
      return 0;
    } finally {
      await env.close();
    }
  },
};
