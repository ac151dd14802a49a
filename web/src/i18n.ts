import { createI18n } from 'vue-i18n';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

// Chinese first; English at the switch in the header. The choice is kept in the browser.
const saved = localStorage.getItem('hrss-console-locale');

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: 'zh-CN' | 'en'): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('hrss-console-locale', locale);
  document.documentElement.lang = locale;
}
