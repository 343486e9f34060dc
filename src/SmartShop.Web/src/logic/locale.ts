export const SUPPORTED_LOCALES = ["zh-CN", "en"] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];

export const LOCALE_STORAGE_KEY = "smartshop.locale";

export function isAppLocale(value: string | null | undefined): value is AppLocale {
  return (SUPPORTED_LOCALES as readonly (string | null | undefined)[]).includes(value);
}

/**
 * The user's explicit choice wins; otherwise the first browser language we have (any Chinese variant -> zh-CN,
 * any English -> en); otherwise English.
 */
export function pickLocale(stored: string | null | undefined, browserLanguages: readonly string[]): AppLocale {
  if (isAppLocale(stored)) return stored;
  for (const language of browserLanguages) {
    const primary = language.toLowerCase().split("-")[0];
    if (primary === "zh") return "zh-CN";
    if (primary === "en") return "en";
  }
  return "en";
}
