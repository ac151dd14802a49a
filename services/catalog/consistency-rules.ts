import type { CatalogProblem } from './catalog-validation-error.js';
import type { Bundle, RuleCondition, ServiceItem } from './item-schema.js';
import {
  isFullyOnline,
  isOnlineCapable,
  limitAtMost,
  limitBelow,
  offersOnlineChannel,
} from './item-facts.js';

/**
 * The consistency rules auditors apply to a 实施清单 (domain-brief §2.4, Wenzhou's checks) and the ones a
 * bundle list needs. Each rule reports every violation; none stops at the first.
 */

type ItemRule = (item: ServiceItem) => CatalogProblem[];

const problem = (item: ServiceItem, rule: string, field: string, message: string): CatalogProblem => ({
  itemCode: item.code,
  field,
  rule,
  message,
});

const show = (l: ServiceItem['statutoryLimit']): string => `${l.value} ${l.unit} day(s)`;

/** 即办件 ⇔ 承诺时限 0 (Wenzhou: 承诺时限 = 即办 ⇒ 办件类型 即办件, otherwise 承诺件). */
const immediateIffCommittedZero: ItemRule = (item) => {
  const zero = item.committedLimit.value === 0;
  if (zero && item.projectType !== 'immediate') {
    return [problem(item, 'immediate-iff-committed-0', 'projectType', 'committed limit 0 (即办) needs project type immediate (即办件)')];
  }
  if (!zero && item.projectType === 'immediate') {
    return [problem(item, 'immediate-iff-committed-0', 'projectType', `an immediate item (即办件) must commit 0 days, not ${show(item.committedLimit)}`)];
  }
  return [];
};

/** 到现场次数 ≠ 0 needs 必须现场办理原因说明. */
const visitsNeedReason: ItemRule = (item) =>
  item.onSiteVisits > 0 && !item.onSiteReason?.trim()
    ? [problem(item, 'visits-need-reason', 'onSiteReason', `${item.onSiteVisits} on-site visit(s) required but no reason given`)]
    : [];

/** 承诺 ≤ 法定; a statutory 0 (the law wants it on the spot) allows only a committed 0. */
const committedWithinStatutory: ItemRule = (item) =>
  limitAtMost(item.committedLimit, item.statutoryLimit)
    ? []
    : [
        problem(item, 'committed-within-statutory', 'committedLimit',
          `committed ${show(item.committedLimit)} exceeds statutory ${show(item.statutoryLimit)}`),
      ];

const extensionNeedsStatutoryLimit: ItemRule = (item) =>
  item.extensionDays > 0 && item.statutoryLimit.value === 0
    ? [problem(item, 'extension-needs-statutory-limit', 'extensionDays', 'an extension needs a statutory limit to extend')]
    : [];

/** 提速办 means a committed limit under the statutory one. */
const fastTrackBelowStatutory: ItemRule = (item) =>
  item.fastTrack && !limitBelow(item.committedLimit, item.statutoryLimit)
    ? [problem(item, 'fast-track-below-statutory', 'fastTrack',
        `a fast-track item must commit less than statutory ${show(item.statutoryLimit)}, commits ${show(item.committedLimit)}`)]
    : [];

const onlineCapableOffersOnlineChannel: ItemRule = (item) =>
  isOnlineCapable(item) && !offersOnlineChannel(item)
    ? [problem(item, 'online-capable-offers-online-channel', 'channels',
        'online depth reaches 互联网受理 but no online channel (provincial portal, 粤省事, 佛山12345) is offered')]
    : [];

/** Wenzhou: 网办深度 Ⅳ级 ⇒ 到现场次数 0; here full online handling is depth code 5 (互联网办理). */
const fullOnlineMeansZeroVisits: ItemRule = (item) =>
  isFullyOnline(item) && item.onSiteVisits !== 0
    ? [problem(item, 'full-online-means-zero-visits', 'onSiteVisits',
        'depth 5 (互联网办理, full online handling) requires 0 on-site visits')]
    : [];

/** Wenzhou: 到现场次数 0 and not online ⇒ 办理形式 must include postal application. */
const zeroVisitNeedsOnlineOrExpress: ItemRule = (item) =>
  item.onSiteVisits === 0 && !isOnlineCapable(item) && !item.expressSupported
    ? [problem(item, 'zero-visit-needs-online-or-express', 'expressSupported',
        '0 on-site visits but neither online acceptance nor postal/express application')]
    : [];

/** Paper that never comes to a window can only travel by the free express (免费快递). */
const paperWithoutVisitNeedsExpress: ItemRule = (item) =>
  item.onSiteVisits === 0 && item.materials.some((m) => m.source === 'paper') && !item.expressSupported
    ? [problem(item, 'paper-without-visit-needs-express', 'expressSupported',
        'paper materials with 0 on-site visits need express delivery')]
    : [];

const uniqueMaterialCodes: ItemRule = (item) => {
  const seen = new Set<string>();
  const out: CatalogProblem[] = [];
  item.materials.forEach((m, i) => {
    if (seen.has(m.code)) out.push(problem(item, 'unique-material-code', `materials.${i}.code`, `material ${m.code} listed twice`));
    seen.add(m.code);
  });
  return out;
};

function conditionValueProblem(c: Extract<RuleCondition, { kind: 'field' }>): string | undefined {
  switch (c.op) {
    case 'present':
      return c.value === undefined ? undefined : '"present" takes no value';
    case 'in':
      return Array.isArray(c.value) && c.value.length > 0 ? undefined : '"in" needs a non-empty array value';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof c.value === 'number' && Number.isFinite(c.value) ? undefined : `"${c.op}" needs a number value`;
    case 'eq':
    case 'ne':
      return c.value === undefined ? `"${c.op}" needs a value` : undefined;
  }
}

/**
 * 秒批 rules decide with no clerk: every material they rely on must be one the item lists and comes from
 * e-licences, the item must need no visit and no paper, and each form condition must be well formed.
 */
const instantApprovalSound: ItemRule = (item) => {
  const rule = item.instantApproval;
  if (!rule) return [];
  const out: CatalogProblem[] = [];
  rule.conditions.forEach((c, i) => {
    const at = `instantApproval.conditions.${i}`;
    if (c.kind === 'material-from-e-licence') {
      const m = item.materials.find((x) => x.code === c.material);
      if (!m) out.push(problem(item, 'instant-approval-material', `${at}.material`, `material ${c.material} is not a material of this item`));
      else if (m.source !== 'e-licence') {
        out.push(problem(item, 'instant-approval-material', `${at}.material`, `material ${c.material} comes from ${m.source}, not from e-licences`));
      }
    } else {
      const why = conditionValueProblem(c);
      if (why) out.push(problem(item, 'instant-approval-condition', `${at}.value`, `condition on ${c.field}: ${why}`));
    }
  });
  if (item.onSiteVisits !== 0) {
    out.push(problem(item, 'instant-approval-zero-visit', 'onSiteVisits', '秒批 (instant approval) is impossible with an on-site visit'));
  }
  for (const m of item.materials.filter((x) => x.required && x.source === 'paper')) {
    out.push(problem(item, 'instant-approval-no-paper', 'instantApproval', `秒批 cannot wait for the required paper material ${m.code}`));
  }
  return out;
};

const ITEM_RULES: readonly ItemRule[] = [
  immediateIffCommittedZero,
  visitsNeedReason,
  committedWithinStatutory,
  extensionNeedsStatutoryLimit,
  fastTrackBelowStatutory,
  onlineCapableOffersOnlineChannel,
  fullOnlineMeansZeroVisits,
  zeroVisitNeedsOnlineOrExpress,
  paperWithoutVisitNeedsExpress,
  uniqueMaterialCodes,
  instantApprovalSound,
];

/** Rules across items: one department code names one department. */
function departmentNamesAgree(items: readonly ServiceItem[]): CatalogProblem[] {
  const first = new Map<string, ServiceItem>();
  const out: CatalogProblem[] = [];
  for (const item of items) {
    const seen = first.get(item.department);
    if (!seen) first.set(item.department, item);
    else if (seen.departmentName !== item.departmentName) {
      out.push(problem(item, 'department-name-consistent', 'departmentName',
        `department ${item.department} is "${item.departmentName}" here but "${seen.departmentName}" in ${seen.code}`));
    }
  }
  return out;
}

export function auditItems(items: readonly ServiceItem[]): CatalogProblem[] {
  return [...items.flatMap((item) => ITEM_RULES.flatMap((rule) => rule(item))), ...departmentNamesAgree(items)];
}

/** Codes must be unique; `codes` holds every code as read, so a broken row still counts. */
export function auditUniqueCodes(codes: readonly string[], kind: 'item' | 'bundle'): CatalogProblem[] {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > 1)
    .map(([code, n]) => ({
      ...(kind === 'item' ? { itemCode: code } : { bundleCode: code }),
      field: 'code',
      rule: `unique-${kind}-code`,
      message: `${kind} code ${code} used ${n} times`,
    }));
}

/** Tarjan's strongly connected components: every cycle of dependsOn edges, each reported once. */
function dependencyCycles(members: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.reverse());
    }
  };
  for (const m of members) if (!index.has(m)) visit(m);
  return cycles;
}

function auditBundle(bundle: Bundle, itemCodes: ReadonlySet<string>): CatalogProblem[] {
  const out: CatalogProblem[] = [];
  const at = (field: string, rule: string, message: string): CatalogProblem => ({ bundleCode: bundle.code, field, rule, message });
  const memberCodes = new Set<string>();
  bundle.members.forEach((m, i) => {
    if (!itemCodes.has(m.itemCode)) out.push(at(`members.${i}.itemCode`, 'bundle-member-exists', `member ${m.itemCode} is not an item of the catalog`));
    if (memberCodes.has(m.itemCode)) out.push(at(`members.${i}.itemCode`, 'bundle-member-unique', `member ${m.itemCode} listed twice`));
    memberCodes.add(m.itemCode);
  });
  const edges = new Map<string, string[]>();
  bundle.members.forEach((m, i) => {
    const valid: string[] = [];
    for (const d of m.dependsOn) {
      if (d === m.itemCode) out.push(at(`members.${i}.dependsOn`, 'bundle-depends-on-member', `member ${m.itemCode} depends on itself`));
      else if (!memberCodes.has(d)) out.push(at(`members.${i}.dependsOn`, 'bundle-depends-on-member', `member ${m.itemCode} depends on ${d}, which is not a member of this bundle`));
      else valid.push(d);
    }
    edges.set(m.itemCode, [...(edges.get(m.itemCode) ?? []), ...valid]);
  });
  for (const cycle of dependencyCycles([...memberCodes], edges)) {
    out.push(at('members', 'bundle-no-cycle', `dependsOn cycle among ${cycle.join(' → ')}`));
  }
  return out;
}

export function auditBundles(bundles: readonly Bundle[], itemCodes: ReadonlySet<string>): CatalogProblem[] {
  return bundles.flatMap((b) => auditBundle(b, itemCodes));
}
