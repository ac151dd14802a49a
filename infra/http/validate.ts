import type { RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { fieldErrors } from './field-errors.js';
import type { FieldError } from './problem.js';
import { validationError } from './validation-error.js';

export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

export interface ValidatedInput {
  body: unknown;
  query: unknown;
  params: unknown;
}

const VALIDATED = Symbol('validated input');
type WithValidated = Response & { locals: { [VALIDATED]?: ValidatedInput } };

/**
 * Parses the body, query and path parameters with their zod schemas; any failure is one 400 problem
 * listing every failing field of every part. The parsed values (defaults applied, strings coerced) are
 * kept for the handler: express 5's `req.query` is read-only.
 */
export function validate(schemas: InputSchemas): RequestHandler {
  return (req, res, next) => {
    const errors: FieldError[] = [];
    const input: ValidatedInput = { body: req.body, query: req.query, params: req.params };
    for (const location of ['params', 'query', 'body'] as const) {
      const schema = schemas[location];
      if (!schema) continue;
      const parsed = schema.safeParse(input[location]);
      if (parsed.success) input[location] = parsed.data;
      else errors.push(...fieldErrors(location, parsed.error.issues));
    }
    if (errors.length > 0) throw validationError(errors);
    (res as WithValidated).locals[VALIDATED] = input;
    next();
  };
}

export function validatedInput(res: Response): ValidatedInput {
  const input = (res as WithValidated).locals[VALIDATED];
  if (!input) throw new Error('validatedInput() called on a route without validate()');
  return input;
}
