// 定期通报: publishing a month's frozen figures.
export { reportDecider } from './report-decider.js';
export type { ReportCommand, ReportPendingEvent, ReportStreamState } from './report-decider.js';
