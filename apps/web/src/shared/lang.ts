import type { i18n as I18n } from 'i18next';

/**
 * The interface language, one choice per browser for every app of the site (console, portal, big
 * screen): Chinese for everyone, English only when the user picked it before. No React here: the
 * big screen reads the choice without i18next.
 */
export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'gongzhi.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Switches an app's i18next instance and remembers the choice. */
export function switchLang(i18n: I18n, lang: Lang): void {
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
