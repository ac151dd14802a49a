/**
 * What each group of operations is for: the OpenAPI tags' descriptions, one per route module (its name is
 * the tag). A module without an entry here is reported by `npm run lint:openapi` (tag-description).
 */
export const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  health: 'Liveness and readiness of this instance, for the load balancer and the orchestrator.',
  docs: 'This API described as OpenAPI 3.1, and a page to browse it.',
  catalog: '实施清单 (the implementation catalog): the service items (事项), the "one thing" bundles (一件事) and the fast-track commitments, open to anyone.',
  applicant: 'What applicants do through the portal, 粤省事 and 12345: submit an item or a bundle, follow it, supplement, withdraw and rate.',
  clerk: "The hall's and back office's work (窗口/后台): the department's queue, an application's history and every step of its lifecycle.",
  supervisor: 'Supervision (效能监察): the metrics of DESIGN.md §6, overdue watch, catalog rates and the monthly reports (定期通报).',
  admin: 'Catalog keeping: publish a new version of the 实施清单.',
  calendar: 'The working-day calendar of the legal clock: its coverage, and importing the State Council holiday notice.',
  dev: 'Development only, absent in production: sign in to the web console with a token from the development key.',
  review: '差评整改 (rectification of bad ratings): the tickets a bad rating opens, their handling within the working-day limit, and appeals.',
};
