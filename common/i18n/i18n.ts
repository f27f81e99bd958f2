import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';
import type { LanguagePreference, Locale, ResolvedLocale } from './locales';

/**
 * Phonedeck speaks English and Simplified Chinese. Messages are ICU MessageFormat strings (plural rules and
 * number formatting come from Intl); dates, times, durations, money and lists are formatted with Intl in
 * the person's own locale. Main and renderer each hold one current locale: the Settings choice, or the OS's.
 */
export { LOCALES, LANGUAGE_PREFERENCES, type Locale, type LanguagePreference, type ResolvedLocale } from './locales';
export type { MessageKey };
export type MessageValues = Record<string, string | number>;

export const CATALOGS: Record<Locale, Readonly<Record<MessageKey, string>>> = { en, 'zh-CN': zhCN };

/**
 * "en_US.UTF-8" → "en-US", "zh-hans-cn" → "zh-Hans-CN"; null for what is not a language tag. Done by hand
 * rather than with Intl.getCanonicalLocales: this runs before the first paint, and the first Intl call
 * costs Chromium tens of milliseconds of ICU start-up.
 */
function canonical(tag: string): string | null {
  const parts = tag.replace(/\..*$/, '').replace(/@.*$/, '').split(/[-_]/);
  if (!/^[a-z]{2,3}$/i.test(parts[0] ?? '') || parts.slice(1).some((p) => !/^[a-z0-9]{1,8}$/i.test(p))) return null;
  return parts
    .map((p, i) =>
      i === 0
        ? p.toLowerCase()
        : p.length === 4 && /^[a-z]+$/i.test(p)
          ? p[0].toUpperCase() + p.slice(1).toLowerCase()
          : p.length === 2
            ? p.toUpperCase()
            : p.toLowerCase(),
    )
    .join('-');
}

/** A message whose placeholders are all plain `{name}`: filled in without ICU (see `t`). */
const SIMPLE = /^[^{}']*(\{\w+\}[^{}']*)*$/;

/**
 * The first of the OS's preferred languages that Phonedeck speaks decides ("zh-TW, en" speaks Chinese:
 * Simplified reads better than English for most Traditional readers). None of them: English words, with
 * numbers and dates still written the way the person's first language writes them (1.200 in German).
 */
export function resolveLocale(preference: LanguagePreference, systemLanguages: readonly string[]): ResolvedLocale {
  const tags = systemLanguages.map(canonical).filter((t): t is string => !!t);
  const english = tags.find((t) => t.toLowerCase().startsWith('en')) ?? 'en';
  if (preference === 'en') return { locale: 'en', formatLocale: english };
  if (preference === 'zh-CN') return { locale: 'zh-CN', formatLocale: 'zh-CN' };
  for (const tag of tags) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'zh') return { locale: 'zh-CN', formatLocale: 'zh-CN' };
    if (base === 'en') return { locale: 'en', formatLocale: tag };
  }
  return { locale: 'en', formatLocale: tags[0] ?? 'en' };
}

export interface I18n extends ResolvedLocale {
  t(key: MessageKey, values?: MessageValues): string;
  /** 10,000 with the locale's separators. */
  count(n: number): string;
  money(amount: number, currency: string): string;
  /** "3d 4h", "2h 5m", "12m", "<1m" — "3天 4小时" in Chinese. */
  duration(ms: number): string;
  /** "just now", "42s ago", "3m ago". */
  ago(ms: number): string;
  /** "14:32" or "2:32 PM", as the locale writes a time of day. */
  clock(ms: number): string;
  /** Date and time to the second, for tooltips and history. */
  timestamp(ms: number): string;
  /** "a, b, c" / "a、b、c": names and words in a row, without "and". */
  items(items: readonly string[]): string;
}

/**
 * For English, counts ("1,234") — and for US English durations ("2h 5m") and ages ("42s ago") — are written by hand:
 * the first Intl formatter loads ICU data, about 70 ms of the list's first paint in Chromium, and these are
 * exactly what Intl says for them (the catalogue test compares the two).
 */
const HAND_FORMATTED = /^en(-(US|GB|AU|CA|NZ|IE))?$/i;
/** Durations and ages differ between Englishes ("42 sec ago" in the UK, "15min" in Canada): by hand for US English only. */
const HAND_TIMES = /^en(-US)?$/i;

function makeI18n({ locale, formatLocale }: ResolvedLocale): I18n {
  const catalog = CATALOGS[locale];
  const compiled = new Map<MessageKey, IntlMessageFormat>();
  // Intl objects are built on first use: most screens need one or two of them.
  let numbers: Intl.NumberFormat | null | undefined;
  const lazy = <T>(make: () => T) => {
    let v: T | undefined;
    return () => (v ??= make());
  };
  const hand = HAND_FORMATTED.test(formatLocale);
  const handTimes = HAND_TIMES.test(formatLocale);
  const units = new Map<string, Intl.NumberFormat>();
  const unit = (n: number, u: 'day' | 'hour' | 'minute' | 'second') => {
    if (handTimes) return `${n}${u[0]}`;
    let f = units.get(u);
    if (!f) units.set(u, (f = new Intl.NumberFormat(formatLocale, { style: 'unit', unit: u, unitDisplay: 'narrow' })));
    return f.format(n);
  };
  const relative = lazy(() => new Intl.RelativeTimeFormat(formatLocale, { style: 'narrow', numeric: 'always' }));
  const clock = lazy(() => new Intl.DateTimeFormat(formatLocale, { timeStyle: 'short' }));
  const stamp = lazy(
    () =>
      new Intl.DateTimeFormat(formatLocale, {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
  );
  const self: I18n = {
    locale,
    formatLocale,
    t(key, values) {
      const text = catalog[key] ?? en[key] ?? key;
      // Plain text needs no parser (most messages); an apostrophe is plain text too unless braces follow.
      if (!text.includes('{')) return text;
      // Plain placeholders are filled in directly (as ICU does: a plain {n} is not grouped; callers pass
      // counts formatted), so the list's first paint needs no ICU at all. Plurals, selects and quotes go
      // through intl-messageformat. The catalogue test checks both ways say the same for every such message.
      if (SIMPLE.test(text)) return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ''));
      let f = compiled.get(key);
      if (!f) compiled.set(key, (f = new IntlMessageFormat(text, formatLocale, undefined, { ignoreTag: true })));
      return String(f.format(values));
    },
    count(n) {
      if (numbers === undefined)
        numbers = hand ? null : new Intl.NumberFormat(formatLocale, { maximumFractionDigits: 0 });
      return numbers ? numbers.format(Math.trunc(n)) : String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    },
    money(amount, currency) {
      try {
        return new Intl.NumberFormat(formatLocale, { style: 'currency', currency }).format(amount);
      } catch {
        return `${amount.toFixed(2)} ${currency}`;
      }
    },
    duration(ms) {
      const m = Math.floor(ms / 60_000);
      if (m < 1) return self.t('time.underAMinute');
      if (m < 60) return unit(m, 'minute');
      const h = Math.floor(m / 60);
      return h < 48
        ? `${unit(h, 'hour')} ${unit(m % 60, 'minute')}`
        : `${unit(Math.floor(h / 24), 'day')} ${unit(h % 24, 'hour')}`;
    },
    ago(ms) {
      const s = Math.round(ms / 1000);
      if (s < 5) return self.t('time.justNow');
      const [n, u] =
        s < 60
          ? [s, 'second' as const]
          : Math.round(s / 60) < 120
            ? [Math.round(s / 60), 'minute' as const]
            : [Math.round(s / 3600), 'hour' as const];
      return handTimes ? `${n}${u[0]} ago` : relative().format(-n, u);
    },
    clock: (ms) => clock().format(ms),
    timestamp: (ms) => stamp().format(ms),
    items: (items) => items.join(self.t('common.separator')),
  };
  return self;
}

const made = new Map<string, I18n>();
export function getI18n(r: ResolvedLocale): I18n {
  const id = `${r.locale}|${r.formatLocale}`;
  let i = made.get(id);
  if (!i) made.set(id, (i = makeI18n(r)));
  return i;
}

// ---------- the process's current locale ----------

let current = getI18n({ locale: 'en', formatLocale: 'en' });
const listeners = new Set<(i: I18n) => void>();

/** Switches this process's language (main: from Settings and the OS; renderer: from main's answer). */
export function setLocale(r: ResolvedLocale): I18n {
  const next = getI18n(r);
  if (next !== current) {
    current = next;
    for (const l of listeners) l(current);
  }
  return current;
}
export const i18n = (): I18n => current;
export const t = (key: MessageKey, values?: MessageValues): string => current.t(key, values);
/** For keys built from data (a provider's error code): whether the catalogue has words for it. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);
export function onLocaleChange(listener: (i: I18n) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
