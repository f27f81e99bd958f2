import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../common/i18n/en';
import { CATALOGS, getI18n, LOCALES, resolveLocale } from '../../common/i18n/i18n';
import { JOB_ACTIONS } from '../../common/phone';
import { sourcesUnder, uncataloguedStrings } from '../helpers/catalogue-scan';

const root = join(import.meta.dirname, '../..');

// ---------- the catalogue itself ----------

interface Arg {
  name: string;
  kind: string;
}
/** The arguments a message takes, with their kind (plain, plural, select, number…), from the ICU syntax tree. */
function argumentsOf(message: string, locale: string): Arg[] {
  const out: Arg[] = [];
  const kinds = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural'];
  const walk = (nodes: unknown[]) => {
    for (const n of nodes as { type: number; value: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (n.type >= 1 && n.type <= 6) out.push({ name: n.value, kind: kinds[n.type] });
      for (const option of Object.values(n.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst());
  return out;
}

/** Same text in both languages is right only for names and pure punctuation/placeholders. */
const SAME_IN_BOTH = new Set<MessageKey>([
  'provider.geelark',
  'team.urlHint',
  'common.separator',
  // Only the action's own (translated) name and an ellipsis.
  'files.menuItem',
  'app.brand',
  'common.dash',
  'fact.android',
  'fact.imei',
  'form.appId',
  'table.atLeast',
  'settings.healthError',
  'about.version',
  'job.phaseRunning',
  'tray.favoriteLine',
  'menu.action',
  'update.downloading',
]);

describe('the catalogue', () => {
  const keys = Object.keys(en) as MessageKey[];

  it('has every key in every language, and no key only one language has', () => {
    for (const locale of LOCALES) {
      const catalog = CATALOGS[locale] as Record<string, string>;
      expect(
        keys.filter((k) => typeof catalog[k] !== 'string' || !catalog[k].trim()),
        `${locale}: missing or empty`,
      ).toEqual([]);
      expect(
        Object.keys(catalog).filter((k) => !(k in en)),
        `${locale}: unknown keys`,
      ).toEqual([]);
    }
  });

  it('parses every message, with the same arguments in each language, and plurals that always have "other"', () => {
    const problems: string[] = [];
    for (const key of keys) {
      for (const locale of LOCALES) {
        const message = CATALOGS[locale][key];
        let args: Arg[];
        try {
          args = argumentsOf(message, locale);
        } catch (e) {
          problems.push(`${locale} ${key}: ${(e as Error).message}`);
          continue;
        }
        // A translation uses only the values the code passes, and every value that is shown as is; a number
        // that only picks a plural form may go unused (Chinese has one form).
        const names = new Set(args.map((a) => a.name));
        const english = argumentsOf(en[key], 'en');
        const unknown = [...names].filter((n) => !english.some((a) => a.name === n));
        const dropped = english.filter((a) => a.kind === 'argument' && !names.has(a.name));
        if (unknown.length || dropped.length)
          problems.push(`${locale} ${key}: unknown ${unknown.join()} / dropped ${dropped.map((a) => a.name).join()}`);
        if (/\{[^}]*plural/.test(message) && !/other\s*\{/.test(message))
          problems.push(`${locale} ${key}: a plural without "other"`);
        // Plain messages skip the parser at run time, so ICU's quote escapes must not appear in them.
        if (!message.includes('{') && message.includes("''"))
          problems.push(`${locale} ${key}: "''" in a plain message`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('says every message with sample values, leaving no placeholder behind', () => {
    const samples = (key: MessageKey): Record<string, string | number> =>
      Object.fromEntries(
        argumentsOf(en[key], 'en').map((a) => [a.name, a.kind === 'plural' ? 2 : a.kind === 'select' ? 'other' : 'x']),
      );
    for (const locale of LOCALES) {
      const { t } = getI18n({ locale, formatLocale: locale });
      for (const key of Object.keys(en) as MessageKey[])
        expect(t(key, samples(key)), `${locale} ${key}`).not.toMatch(/[{}]/);
    }
  });

  it('fills plain placeholders exactly as ICU would (the fast path t() takes for them)', () => {
    for (const locale of LOCALES) {
      const { t } = getI18n({ locale, formatLocale: locale });
      for (const key of keys) {
        const message = CATALOGS[locale][key];
        if (
          !message.includes('{') ||
          argumentsOf(message, locale).some((a) => a.kind !== 'argument') ||
          message.includes("'")
        )
          continue;
        for (const sample of ['Ava-0013', 1234567, 0.012, 7]) {
          const values = Object.fromEntries(argumentsOf(message, locale).map((a) => [a.name, sample]));
          expect(t(key, values), `${locale} ${key} ${sample}`).toBe(
            String(new IntlMessageFormat(message, locale).format(values)),
          );
        }
      }
    }
  });

  it('an approval or its notification names each action as itself: none of them reads as a delete but delete', () => {
    for (const locale of LOCALES) {
      const { t } = getI18n({ locale, formatLocale: locale });
      const del = t('approval.title', { who: 'cli', action: 'delete', n: 2 }).replace('cli', '');
      const words = new Set<string>();
      for (const action of [...JOB_ACTIONS, 'open', 'pair']) {
        for (const key of ['approval.title', 'notify.approvalBody'] as const) {
          const text = t(key, { who: 'cli', action, n: 2 }).replace('cli', '');
          if (action !== 'delete') expect(text, `${locale} ${key} ${action}`).not.toBe(del);
          if (key === 'approval.title') words.add(text);
        }
      }
      // Every action has its own words (pair has its own dialog and falls to the general phrase).
      expect(words.size).toBe(JOB_ACTIONS.length + 2);
    }
  });

  it('has Chinese for everything but names and placeholders', () => {
    const untranslated = (Object.keys(en) as MessageKey[]).filter(
      (k) => CATALOGS['zh-CN'][k] === en[k] && !SAME_IN_BOTH.has(k),
    );
    expect(untranslated).toEqual([]);
  });
});

// ---------- every renderer string is in the catalogue ----------

describe('renderer strings', () => {
  it('are all in the catalogue: no word a person reads is written in a component', () => {
    const files = sourcesUnder(join(root, 'renderer/src'));
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap((f) => uncataloguedStrings(f))).toEqual([]);
  });

  it('the check finds text written inline, in JSX, attributes, templates and notices', () => {
    const probe = join(root, 'test/renderer/fixtures/uncatalogued.tsx');
    const found = uncataloguedStrings(probe).join('\n');
    for (const text of ['Delete them all', 'Search phones', 'Copied the id', '删除', 'Loading'])
      expect(found).toContain(text);
    // …and leaves code alone.
    for (const code of ['row-', 'button.primary', 'phones:snapshot', 'phone-list']) expect(found).not.toContain(code);
  });
});

// ---------- choosing and formatting ----------

describe('language and formats', () => {
  it('follows the first OS language it speaks, unless Settings says otherwise', () => {
    expect(resolveLocale('system', ['zh-CN', 'en-US'])).toEqual({ locale: 'zh-CN', formatLocale: 'zh-CN' });
    expect(resolveLocale('system', ['zh-Hant-TW'])).toEqual({ locale: 'zh-CN', formatLocale: 'zh-CN' });
    expect(resolveLocale('system', ['de-DE', 'en-GB'])).toEqual({ locale: 'en', formatLocale: 'en-GB' });
    expect(resolveLocale('system', ['fr-FR'])).toEqual({ locale: 'en', formatLocale: 'fr-FR' });
    expect(resolveLocale('system', ['en_US.UTF-8'])).toEqual({ locale: 'en', formatLocale: 'en-US' });
    expect(resolveLocale('system', ['', 'not a tag!'])).toEqual({ locale: 'en', formatLocale: 'en' });
    expect(resolveLocale('en', ['zh-CN'])).toEqual({ locale: 'en', formatLocale: 'en' });
    expect(resolveLocale('en', ['zh-CN', 'en-GB'])).toEqual({ locale: 'en', formatLocale: 'en-GB' });
    expect(resolveLocale('zh-CN', ['en-US'])).toEqual({ locale: 'zh-CN', formatLocale: 'zh-CN' });
  });

  it('pluralises by the language’s own rules', () => {
    const en = getI18n({ locale: 'en', formatLocale: 'en' });
    const zh = getI18n({ locale: 'zh-CN', formatLocale: 'zh-CN' });
    expect([0, 1, 2, 12345].map((n) => en.t('history.phones', { n }))).toEqual([
      '0 phones',
      '1 phone',
      '2 phones',
      '12,345 phones',
    ]);
    expect([1, 12345].map((n) => zh.t('history.phones', { n }))).toEqual(['1 台手机', '12,345 台手机']);
    expect(en.t('delete.hidden', { n: 1 })).toBe('1 of these is not shown in the list because of your filters.');
    expect(en.t('delete.hidden', { n: 3 })).toBe('3 of these are not shown in the list because of your filters.');
  });

  it('formats counts, durations, times, money and lists with Intl in the person’s locale', () => {
    const en = getI18n({ locale: 'en', formatLocale: 'en-US' });
    const gb = getI18n({ locale: 'en', formatLocale: 'en-GB' });
    const zh = getI18n({ locale: 'zh-CN', formatLocale: 'zh-CN' });
    const de = getI18n({ locale: 'en', formatLocale: 'de-DE' });
    expect([0, 999, 1000, 1234567].map(en.count)).toEqual(['0', '999', '1,000', '1,234,567']);
    expect(de.count(1234567)).toBe('1.234.567');
    expect([30_000, 12 * 60_000, 75 * 60_000, 50 * 3_600_000].map(en.duration)).toEqual([
      '<1m',
      '12m',
      '1h 15m',
      '2d 2h',
    ]);
    expect([30_000, 75 * 60_000, 50 * 3_600_000].map(zh.duration)).toEqual(['<1分钟', '1小时 15分钟', '2天 2小时']);
    expect([2_000, 42_000, 180_000, 3 * 3_600_000].map(en.ago)).toEqual(['just now', '42s ago', '3m ago', '3h ago']);
    expect([2_000, 180_000].map(zh.ago)).toEqual(['刚刚', '3分钟前']);
    const at = new Date(2026, 10, 2, 15, 4, 5).getTime();
    expect(en.clock(at)).toBe('3:04 PM');
    expect(gb.clock(at)).toBe('15:04');
    expect(zh.clock(at)).toBe('15:04');
    expect(en.timestamp(at)).toBe('11/02/2026, 15:04:05');
    expect(zh.timestamp(at)).toBe('2026/11/02 15:04:05');
    expect(en.money(12.5, 'USD')).toBe('$12.50');
    expect(zh.money(12.5, 'CNY')).toBe('¥12.50');
    expect(en.money(1, 'NOT-A-CODE')).toBe('1.00 NOT-A-CODE');
    expect(en.items(['a', 'b', 'c'])).toBe('a, b, c');
    expect(zh.items(['a', 'b', 'c'])).toBe('a、b、c');
  });

  it('writes English counts, durations and ages by hand exactly as Intl would', () => {
    for (const formatLocale of ['en', 'en-US', 'en-GB', 'en-AU', 'en-CA', 'en-NZ', 'en-IE']) {
      const hand = getI18n({ locale: 'en', formatLocale });
      const unit = (n: number, u: string) =>
        new Intl.NumberFormat(formatLocale, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(n);
      const rel = new Intl.RelativeTimeFormat(formatLocale, { style: 'narrow', numeric: 'always' });
      for (const n of [0, 7, 999, 1000, 65_536, 1_234_567])
        expect(hand.count(n)).toBe(new Intl.NumberFormat(formatLocale, { maximumFractionDigits: 0 }).format(n));
      expect(hand.duration(75 * 60_000)).toBe(`${unit(1, 'hour')} ${unit(15, 'minute')}`);
      expect(hand.duration(50 * 3_600_000)).toBe(`${unit(2, 'day')} ${unit(2, 'hour')}`);
      expect([42_000, 180_000, 3 * 3_600_000].map(hand.ago), formatLocale).toEqual([
        rel.format(-42, 'second'),
        rel.format(-3, 'minute'),
        rel.format(-3, 'hour'),
      ]);
    }
  });
});
