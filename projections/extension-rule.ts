/**
 * DESIGN.md §5: an extension granted after the deadline does not save the case. The write side refuses
 * such a grant; the read side holds to the rule too, so a log that carries one still counts the case late.
 */
export function extensionSaves(grantedOn: string, currentDeadline: string | null): boolean {
  return currentDeadline === null || grantedOn <= currentDeadline;
}
