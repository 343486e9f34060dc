import { createI18n } from "vue-i18n";
import en from "./locales/en.ts";
import zhCN from "./locales/zh-CN.ts";
import { LOCALE_STORAGE_KEY, pickLocale, type AppLocale } from "./logic/locale.ts";

function storedLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, kiosk policy): fall back to the browser language
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: pickLocale(storedLocale(), navigator.languages ?? [navigator.language]),
  fallbackLocale: "en",
  messages: { en, "zh-CN": zhCN },
});

function applyToDocument(locale: AppLocale): void {
  document.documentElement.lang = locale;
  document.title = i18n.global.t("app.documentTitle");
}

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // not remembered, still switched
  }
  applyToDocument(locale);
}

applyToDocument(i18n.global.locale.value as AppLocale);
