import type { ProvidedMaterial } from '../../events/index.js';
import type { InstantApproval, Material, RuleCondition, ServiceItem } from '../../services/catalog/item-schema.js';
import type { Rng } from './rng.js';

type FieldCondition = Extract<RuleCondition, { kind: 'field' }>;

/** What the applicant's own data says: the form fields a 秒批 rule may read take it from here. */
export interface FormFacts {
  age: number;
  submittedOn: string;
}

const isNumber = (v: unknown): v is number => typeof v === 'number';

/** A value that meets every condition on one field; numbers stay inside the bounds, ages too. */
function satisfying(field: string, conditions: readonly FieldCondition[], facts: FormFacts, rng: Rng): unknown {
  const eq = conditions.find((c) => c.op === 'eq');
  if (eq) return eq.value;
  const inList = conditions.find((c) => c.op === 'in');
  if (inList && Array.isArray(inList.value)) return inList.value[0];
  let lo = -Infinity;
  let hi = Infinity;
  for (const c of conditions) {
    if (!isNumber(c.value)) continue;
    if (c.op === 'gte') lo = Math.max(lo, c.value);
    if (c.op === 'gt') lo = Math.max(lo, c.value + (Number.isInteger(c.value) ? 1 : 0.01));
    if (c.op === 'lte') hi = Math.min(hi, c.value);
    if (c.op === 'lt') hi = Math.min(hi, c.value - (Number.isInteger(c.value) ? 1 : 0.01));
  }
  if (lo > -Infinity || hi < Infinity) {
    if (field === 'age') return Math.min(Math.max(facts.age, lo), hi);
    const from = lo > -Infinity ? lo : hi - 10;
    const to = hi < Infinity ? hi : lo < 1 ? 1 : lo * 2;
    return Number.isInteger(from) && Number.isInteger(to) ? rng.int(from, to) : Math.round((from + rng.next() * (to - from)) * 100) / 100;
  }
  const ne = conditions.find((c) => c.op === 'ne');
  if (ne) return typeof ne.value === 'boolean' ? !ne.value : `${String(ne.value)}-other`;
  // `present`: a period for a certificate, a plausible text otherwise.
  return field === 'period' ? `${facts.submittedOn.slice(0, 4)}-01至${facts.submittedOn.slice(0, 7)}` : '已填写';
}

/** A value that fails the condition: the data the rule checks says no (秒批 declined, the case goes to a clerk). */
function failing(condition: FieldCondition): unknown {
  const v = condition.value;
  switch (condition.op) {
    case 'eq':
      return typeof v === 'boolean' ? !v : isNumber(v) ? v + 1 : 'mismatch';
    case 'ne':
      return v;
    case 'in':
      return 'cancelled';
    case 'gte':
    case 'gt':
      return isNumber(v) ? (Number.isInteger(v) ? v - 1 : Math.round(v * 70) / 100) : '';
    case 'lte':
    case 'lt':
      return isNumber(v) ? (Number.isInteger(v) ? v + 1 : v * 1.5) : 'zzzz';
    case 'present':
      return undefined;
  }
}

function fieldConditions(rules: readonly InstantApproval[]): Map<string, FieldCondition[]> {
  const byField = new Map<string, FieldCondition[]>();
  for (const rule of rules) {
    for (const c of rule.conditions) {
      if (c.kind !== 'field') continue;
      byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
    }
  }
  return byField;
}

/**
 * The form of a submission: the fields the items' 秒批 rules read, filled from the applicant's facts so the
 * rules hold, or, when `decline` is set, one field filled so that its rule does not (a pension not being
 * drawn, a face match below the bar, another employment on record).
 */
export function formFor(rules: readonly InstantApproval[], facts: FormFacts, rng: Rng, decline: boolean): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  const byField = fieldConditions(rules);
  for (const [field, conditions] of byField) form[field] = satisfying(field, conditions, facts, rng);
  if (decline && byField.size > 0) {
    const [field, conditions] = rng.pick([...byField]);
    const value = failing(rng.pick(conditions));
    if (value === undefined) delete form[field];
    else form[field] = value;
  }
  return form;
}

function provided(material: Material, reference: string): ProvidedMaterial {
  return { code: material.code, source: material.source, reference: `${material.source === 'paper' ? 'PAPER' : material.source === 'upload' ? 'FILE' : 'EL'}-${reference}` };
}

/** Required materials from their catalog source, and the optional ones that apply about half the time. */
export function materialsFor(item: ServiceItem, rng: Rng, reference: string): ProvidedMaterial[] {
  return item.materials.filter((m) => m.required || rng.chance(0.45)).map((m) => provided(m, reference));
}

/**
 * A bundle's one material set: every required material of the members that open at once, and the non-e-licence
 * ones of the members that wait (their e-licence materials are produced by the members they wait for). A code
 * that some member takes from an upload or paper is given that way, never claimed as an e-licence.
 */
export function bundleMaterials(members: readonly { item: ServiceItem; waits: boolean }[], reference: string): ProvidedMaterial[] {
  const chosen = new Map<string, Material>();
  for (const { item, waits } of members) {
    for (const m of item.materials) {
      if (!m.required || (waits && m.source === 'e-licence')) continue;
      const seen = chosen.get(m.code);
      if (!seen || (seen.source === 'e-licence' && m.source !== 'e-licence')) chosen.set(m.code, m);
    }
  }
  // Claimed as an e-licence only where every member listing it takes it that way.
  const listings = members.flatMap(({ item }) => item.materials);
  return [...chosen.values()].map((m) => {
    const source = m.source === 'e-licence' && listings.some((l) => l.code === m.code && l.source !== 'e-licence') ? listings.find((l) => l.code === m.code && l.source !== 'e-licence')!.source : m.source;
    return provided({ ...m, source }, reference);
  });
}

/** What an applicant brings for a supplement notice: each listed material, uploaded, on paper or from an e-licence as the item takes it. */
export function supplementMaterials(item: ServiceItem, codes: readonly string[], atWindow: boolean, reference: string): ProvidedMaterial[] {
  return codes.map((code) => {
    const material = item.materials.find((m) => m.code === code);
    if (!material) throw new RangeError(`item ${item.code} does not list ${code}`);
    // At a window an uploaded material is handed over as paper (the clerk scans it).
    const source = material.source === 'upload' && atWindow ? 'paper' : material.source;
    return provided({ ...material, source }, reference);
  });
}
