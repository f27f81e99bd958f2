/** The languages Phonedeck speaks, apart from the catalogues (the contract and preload need only these names). */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const LANGUAGE_PREFERENCES = ['system', ...LOCALES] as const;
export type LanguagePreference = (typeof LANGUAGE_PREFERENCES)[number];

/** Which catalogue to speak, and which locale formats numbers and dates (en-GB reads English with 24-hour times). */
export interface ResolvedLocale {
  locale: Locale;
  formatLocale: string;
}
