import type { Request, RequestHandler } from 'express';
import type { AuthKeys } from '../auth/auth-keys.js';
import type { Principal, Role } from '../auth/principal.js';
import { verifyToken } from '../auth/tokens.js';
import { forbidden, unauthorized } from './http-error.js';

const principals = new WeakMap<Request, Principal>();

/** The verified caller of this request, if `authenticate` ran and passed. */
export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}

/** Requires a valid bearer token and keeps its principal for the request; 401 otherwise. */
export function authenticate(keys: AuthKeys): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) throw unauthorized('This route needs a bearer token.');
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_token');
    principals.set(req, await verifyToken(keys, match[1]));
    next();
  };
}

/** 403 unless the authenticated caller has one of the roles (401 when nobody is authenticated). */
export function requireRole(...roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const principal = principalOf(req);
    if (!principal) throw unauthorized('This route needs a bearer token.');
    if (!roles.includes(principal.role)) throw forbidden(`This route is for: ${roles.join(', ')}.`);
    next();
  };
}
