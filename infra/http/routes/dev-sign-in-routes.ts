import { z } from 'zod';
import type { AuthKeys } from '../../auth/auth-keys.js';
import { Principal } from '../../auth/principal.js';
import { DEFAULT_MAX_LIFETIME_SECONDS, issueToken, verifyTokenExpiry } from '../../auth/tokens.js';
import type { RouteModule } from '../route-spec.js';

// The console's development sign-in. Registered only outside production (compose-api.ts), so a production
// server answers 404 here and its tokens come from the bureau's identity provider.

const DevSignIn = z
  .object({
    role: z.enum(['applicant', 'clerk', 'supervisor']),
    sub: z.string().trim().min(1).max(128),
    department: z.string().trim().min(1).max(64).optional(),
    hall: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.role === 'clerk' && value.department === undefined) {
      ctx.addIssue({ code: 'custom', path: ['department'], message: 'a clerk works in one department: name it' });
    }
  })
  .meta({ id: 'DevSignIn', description: 'Who to sign in as: a role, a subject id and, for a clerk, the department (and hall)' });

const DevToken = z
  .object({
    token: z.string(),
    expiresAt: z.iso.datetime(),
    principal: Principal,
    development: z.literal(true),
  })
  .meta({ id: 'DevToken', description: "A bearer token signed with the server's key (the development secret unless one is configured), and when it expires" });

/** How long a development token lives: a working day, or less where TOKEN_MAX_LIFETIMES allows the role less. */
const DEV_TOKEN_SECONDS = 8 * 3600;

/** POST /dev/sign-in: a bearer token from the development key, for the web console's sign-in page. */
export function devSignInRoutes(authKeys: AuthKeys): RouteModule {
  return {
    name: 'dev',
    register(route) {
      route({
        method: 'post',
        path: '/dev/sign-in',
        summary: "Development only (absent when NODE_ENV=production): a bearer token signed with the server's development key",
        description:
          'What `npm run token` does, for the web console\'s sign-in page. Anyone who reaches it may sign in as anyone: it exists only outside production, where tokens come from the bureau\'s identity provider.',
        body: DevSignIn,
        responses: { 200: { description: 'The token', schema: DevToken } },
        handler: async ({ body }) => {
          const principal = Principal.parse(body.role === 'clerk' ? body : { role: body.role, sub: body.sub });
          const longest = authKeys.maxLifetimeSeconds?.[principal.role] ?? DEFAULT_MAX_LIFETIME_SECONDS[principal.role];
          const token = await issueToken(authKeys, principal, { ttl: `${Math.min(DEV_TOKEN_SECONDS, longest)}s` });
          const { exp } = await verifyTokenExpiry(authKeys, token);
          return { body: { token, expiresAt: new Date(exp * 1000).toISOString(), principal, development: true } };
        },
      });
    },
  };
}
