import { DomainError } from '../decider.js';
import type { ServiceItem } from '../catalog/item-schema.js';
import type { ApplicationCommand } from './commands.js';
import type { ApplicationDeps } from './deps.js';
import type { ApplicationState, ApplicationStatus } from './state.js';

/** 行政许可法 Art 32(4): the one-time supplement notice is due within 5 (working) days of receiving the materials. */
export const NOTICE_WINDOW_WORKDAYS = 5;

export function refuse(code: string, command: ApplicationCommand, state: ApplicationState, message: string): never {
  throw new DomainError(code, command.type, state.status, message);
}

export function requireStatus(command: ApplicationCommand, state: ApplicationState, allowed: readonly ApplicationStatus[]): void {
  if (!allowed.includes(state.status)) {
    refuse('INVALID_TRANSITION', command, state, `allowed only when the application is ${allowed.join(' or ')}`);
  }
}

/** The item as the catalog in force has it; an application's own limits come from its submission snapshot. */
export function itemOf(command: ApplicationCommand, state: ApplicationState, deps: ApplicationDeps, code = state.itemCode): ServiceItem {
  const item = code === null ? undefined : deps.catalog.item(code);
  if (!item) refuse('UNKNOWN_ITEM', command, state, `item ${String(code)} is not in catalog version ${deps.catalog.version}`);
  return item;
}

/** True when no notice went out within the window: by law the application counts as accepted from receipt. */
export function noticeWindowPassed(state: ApplicationState, today: string, deps: ApplicationDeps): boolean {
  if (state.receivedOn === null) return false;
  return deps.calendar.workdaysBetween(state.receivedOn, today) > NOTICE_WINDOW_WORKDAYS;
}

/** Acceptance or refusal after a missed notice window would move the legal start of the clock; deemed acceptance applies. */
export function refuseWhenDeemedAcceptanceDue(command: ApplicationCommand, state: ApplicationState, today: string, deps: ApplicationDeps): void {
  if (state.status === 'submitted' && noticeWindowPassed(state, today, deps)) {
    refuse(
      'DEEMED_ACCEPTANCE_DUE',
      command,
      state,
      `no supplement notice within ${NOTICE_WINDOW_WORKDAYS} working days of receipt on ${String(state.receivedOn)}: ` +
        'the application counts as accepted from that date (行政许可法 Art 32); run checkDeemedAcceptance',
    );
  }
}
