/**
 * One fault in a catalog, located by the item or bundle it belongs to and the field at fault.
 * `rule` names the check (a zod schema rule or one of the auditors' rules in consistency-rules.ts).
 */
export interface CatalogProblem {
  itemCode?: string;
  bundleCode?: string;
  field: string;
  rule: string;
  message: string;
}

function where(p: CatalogProblem): string {
  if (p.itemCode !== undefined) return `item ${p.itemCode}`;
  if (p.bundleCode !== undefined) return `bundle ${p.bundleCode}`;
  return 'catalog';
}

/** A catalog that must not be used: lists every problem found, not the first one only. */
export class CatalogValidationError extends Error {
  constructor(readonly problems: readonly CatalogProblem[]) {
    super(
      `catalog invalid, ${problems.length} problem(s):\n` +
        problems.map((p) => `  ${where(p)} · ${p.field}: ${p.message} [${p.rule}]`).join('\n'),
    );
    this.name = 'CatalogValidationError';
  }
}
