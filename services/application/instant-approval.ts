import type { ProvidedMaterial } from '../../events/index.js';
import type { InstantApproval, RuleCondition } from '../catalog/item-schema.js';

/** The outcome of a 秒批 rule on a submission: it holds, or the reasons it does not. */
export type RuleVerdict = { holds: true } | { holds: false; reasons: string[] };

/** Reads `a.b.c` from the form; a missing step gives undefined. */
function fieldValue(form: Record<string, unknown>, path: string): unknown {
  let value: unknown = form;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** Numbers with numbers, strings with strings (YYYY-MM-DD dates order as strings); null when they do not compare. */
function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function fieldHolds(actual: unknown, op: string, expected: unknown): boolean {
  switch (op) {
    case 'present':
      return actual !== undefined && actual !== null && actual !== '';
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== undefined && actual !== expected;
    case 'in':
      return Array.isArray(expected) && expected.includes(actual);
    case 'gte':
      return (compare(actual, expected) ?? NaN) >= 0;
    case 'lte':
      return (compare(actual, expected) ?? NaN) <= 0;
    case 'gt':
      return (compare(actual, expected) ?? NaN) > 0;
    case 'lt':
      return (compare(actual, expected) ?? NaN) < 0;
    default:
      return false;
  }
}

function conditionHolds(condition: RuleCondition, form: Record<string, unknown>, materials: readonly ProvidedMaterial[]): boolean {
  if (condition.kind === 'material-from-e-licence') {
    return materials.some((m) => m.code === condition.material && m.source === 'e-licence');
  }
  return fieldHolds(fieldValue(form, condition.field), condition.op, condition.value);
}

/** Every condition must hold on the submitted form and the e-licence materials; a value of the wrong type fails. */
export function evaluateInstantApproval(
  rule: InstantApproval,
  form: Record<string, unknown>,
  materials: readonly ProvidedMaterial[],
): RuleVerdict {
  const reasons = rule.conditions.filter((c) => !conditionHolds(c, form, materials)).map((c) => c.reason);
  return reasons.length === 0 ? { holds: true } : { holds: false, reasons };
}
