import { i18n } from './i18n';

// Numbers and dates in the conventions of the language shown: 2026年12月7日, 95.3%, 1,234 in Chinese;
// 7 Dec 2026 in English. Dates from the API are plain ISO dates (the law's date in Asia/Shanghai).

const lang = (): string => i18n.global.locale.value;

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(lang(), { year: 'numeric', month: lang() === 'zh-CN' ? 'long' : 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

export function month(ym: string | null | undefined): string {
  if (!ym) return '—';
  const [y, m] = ym.split('-').map(Number);
  return new Intl.DateTimeFormat(lang(), { year: 'numeric', month: lang() === 'zh-CN' ? 'long' : 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return new Intl.NumberFormat(lang(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

export function number(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(lang(), { maximumFractionDigits: digits }).format(value);
}

/** Working days as the language says them: 3个工作日 / 3 working days. */
export function workdays(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return i18n.global.t('common.workdays', { n: number(value, 1) }, Math.round(value));
}

/** Working days left before a deadline; past it, how far: 剩3个工作日 / 已超期2个工作日. */
export function daysLeft(value: number): string {
  return value < 0 ? i18n.global.t('common.overdueBy', { days: workdays(-value) }) : workdays(value);
}

/** A bilingual text from the API in the language shown. */
export function pick(text: { zh: string; en: string } | null | undefined): string {
  if (!text) return '';
  return lang() === 'zh-CN' ? text.zh : text.en;
}
