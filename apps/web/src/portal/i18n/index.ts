import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Lang, storedLang, switchLang } from '../../shared/lang';
import { portalEn } from './portal.en';
import { portalZh } from './portal.zh';

export type { Lang } from '../../shared/lang';
export { useLang } from '../../shared/use-lang';

/** The portal's own i18next instance: it never loads the console's (much larger) texts. */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: portalZh }, en: { translation: portalEn } },
  lng: storedLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  initAsync: false,
});
document.documentElement.lang = i18n.language;

export const setLang = (lang: Lang): void => switchLang(i18n, lang);
