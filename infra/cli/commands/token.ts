import { parseArgs } from 'node:util';
import { Principal } from '../../auth/principal.js';
import { resolveAuthKeys } from '../../auth/resolve-auth-keys.js';
import { InvalidTokenError, TTL_PATTERN, issueToken, verifyToken } from '../../auth/tokens.js';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../logging/logger.js';
import type { CliCommand } from '../lib/cli-command.js';

const USAGE =
  'main.ts token --role applicant|clerk|supervisor|admin --sub <id> [--department <code> [--hall <hall>]] [--ttl 8h]';

/** Issues a bearer token for local use, signed with the keys `serve` verifies with (same DATA_DIR, same env). */
export const command: CliCommand = {
  summary: 'issue a bearer token for local use',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        department: { type: 'string' },
        hall: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
      },
      strict: true,
    });
    const principal = Principal.safeParse({ role: values.role, sub: values.sub, department: values.department, hall: values.hall });
    if (!principal.success) {
      const problems = principal.error.issues.map((i) => `  --${i.path.join('.') || 'role'}: ${i.message}`);
      io.stderr.write(`cannot issue the token:\n${problems.join('\n')}\nusage: ${USAGE}\n`);
      return 2;
    }
    if (!TTL_PATTERN.test(values.ttl)) {
      io.stderr.write(`--ttl "${values.ttl}" is not a duration such as 30m, 8h or 7d\n`);
      return 2;
    }
    const config = loadConfig(io.env);
    const logger = createLogger({ level: 'warn', sink: io.stderr });
    const keys = await resolveAuthKeys(config, logger);
    const token = await issueToken(keys, principal.data, { ttl: values.ttl });
    // A token the service would refuse (longer-lived than the role may) is not handed out.
    let refused: InvalidTokenError | null = null;
    try {
      await verifyToken(keys, token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      refused = error;
    }
    if (refused) {
      io.stderr.write(`--ttl "${values.ttl}": ${refused.message} (TOKEN_MAX_LIFETIMES sets the limits)\n`);
      return 2;
    }
    io.stdout.write(`${token}\n`);
    return 0;
  },
};
