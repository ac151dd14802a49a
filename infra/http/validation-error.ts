import { HttpError } from './http-error.js';
import { problemType } from './problem.js';
import type { FieldError } from './problem.js';

export function validationError(errors: FieldError[]): HttpError {
  return new HttpError({
    status: 400,
    type: problemType('validation'),
    title: 'The request is not valid',
    detail: errors.map((e) => `${e.in}${e.field ? `.${e.field}` : ''}: ${e.message}`).join('; '),
    errors,
  });
}
