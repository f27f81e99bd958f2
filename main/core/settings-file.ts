import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { StartOptionsSchema } from '../../common/start-options';
import { PolicySchema } from '../../common/policy';
import { defaultSettings, SettingsSchema, StoredAccountSchema, type Settings, type SettingsStore } from './settings';

/**
 * Reading settings.json field by field. One bad field — a favourite that is a number, a theme or region
 * from a newer version — resets that field alone, with a notice that names it; every valid part is kept.
 * What this version cannot use but a newer one wrote (unknown keys, accounts it cannot read, extra
 * account fields) is carried and written back untouched. Before anything is repaired the original file is
 * copied aside, so nothing is ever lost; only a file that is not JSON at all is moved aside whole.
 */
export interface Carried {
  extraKeys: Record<string, unknown>;
  unreadableAccounts: unknown[];
  accountExtras: Map<string, Record<string, unknown>>;
}

export interface LoadedSettings {
  settings: Settings;
  carried: Carried;
  /** Plain-words notes on what was reset, for a notice. */
  repaired: string[];
}

const FIELD_LABELS: Partial<Record<keyof Settings, string>> = {
  theme: 'the theme',
  language: 'the language',
  closeToTray: 'the close-to-tray choice',
  secretBackend: 'the keychain record',
  demoOffered: 'the demo-offered flag',
  version: 'the settings version',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const noCarry = (): Carried => ({ extraKeys: {}, unreadableAccounts: [], accountExtras: new Map() });

/** Keeps the entries of a record that pass `schema`; counts the rest. */
function validEntries<T>(value: unknown, schema: z.ZodType<T>): { kept: Record<string, T>; dropped: number } {
  const kept: Record<string, T> = {};
  let dropped = 0;
  if (!isObject(value)) return { kept, dropped: value === undefined ? 0 : 1 };
  for (const [k, v] of Object.entries(value)) {
    const r = schema.safeParse(v);
    if (r.success) kept[k] = r.data;
    else dropped++;
  }
  return { kept, dropped };
}

export function loadSettings(raw: unknown): LoadedSettings {
  const settings = defaultSettings();
  const carried = noCarry();
  const repaired: string[] = [];
  if (!isObject(raw)) return { settings, carried, repaired: ['the settings were not readable, so defaults were used'] };
  const known = SettingsSchema.shape;
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(known, key)) {
      carried.extraKeys[key] = value;
      continue;
    }
    const field = key as keyof Settings;
    switch (field) {
      case 'accounts': {
        if (!Array.isArray(value)) {
          carried.unreadableAccounts.push(value);
          repaired.push('the account list could not be read; it is kept in the file unchanged');
          break;
        }
        for (const item of value) {
          const r = StoredAccountSchema.safeParse(item);
          if (!r.success || settings.accounts.some((a) => a.id === r.data.id)) {
            carried.unreadableAccounts.push(item);
            const label = isObject(item) && typeof item.label === 'string' ? `"${item.label}"` : 'an account';
            repaired.push(`${label} could not be read by this version; it is kept in the file unchanged`);
            continue;
          }
          settings.accounts.push(r.data);
          const extras = Object.fromEntries(Object.entries(item as object).filter(([k]) => !Object.hasOwn(StoredAccountSchema.shape, k)));
          if (Object.keys(extras).length) carried.accountExtras.set(r.data.id, extras);
        }
        break;
      }
      case 'favorites': {
        const list = Array.isArray(value) ? value : [];
        settings.favorites = [...new Set(list.filter((x): x is string => typeof x === 'string' && x.length <= 200))];
        if (!Array.isArray(value) || settings.favorites.length !== list.length) repaired.push('some favourites could not be read and were dropped');
        break;
      }
      case 'secrets': {
        const { kept, dropped } = validEntries(value, SettingsSchema.shape.secrets.valueType);
        settings.secrets = kept;
        if (dropped) repaired.push(`${dropped} saved key(s) could not be read`);
        break;
      }
      case 'windowBounds': {
        const { kept, dropped } = validEntries(value, SettingsSchema.shape.windowBounds.valueType);
        settings.windowBounds = kept;
        if (dropped) repaired.push('some remembered window positions were reset');
        break;
      }
      case 'defaultStartOptions': {
        // Option by option: a width from a newer version resets the width, not the other choices.
        const given = isObject(value) ? value : {};
        const options = { ...settings.defaultStartOptions };
        let reset = !isObject(value);
        for (const name of Object.keys(options) as (keyof typeof options)[]) {
          if (!(name in given)) continue;
          const r = StartOptionsSchema.shape[name].safeParse(given[name]);
          if (r.success) (options as Record<string, unknown>)[name] = r.data;
          else reset = true;
        }
        settings.defaultStartOptions = options;
        if (reset) repaired.push('some phone window options were reset to their defaults');
        break;
      }
      case 'autopilot': {
        // Policy by policy: one a newer version wrote (or a hand edit broke) does not cost the others.
        const given = isObject(value) ? value : {};
        const whole = SettingsSchema.shape.autopilot.safeParse({ ...settings.autopilot, ...given, policies: [] });
        if (whole.success) settings.autopilot = whole.data;
        const policies = Array.isArray(given.policies) ? given.policies : [];
        settings.autopilot.policies = policies.flatMap((p) => {
          const r = PolicySchema.safeParse(p);
          return r.success ? [r.data] : [];
        });
        if (!whole.success || !isObject(value) || settings.autopilot.policies.length !== policies.length) repaired.push('some autopilot settings could not be read and were reset');
        break;
      }
      default: {
        const r = known[field].safeParse(value);
        if (r.success) (settings as Record<string, unknown>)[field] = r.data;
        else repaired.push(`${FIELD_LABELS[field] ?? field} was reset to its default`);
      }
    }
  }
  return { settings: SettingsSchema.parse(settings), carried, repaired };
}

/** What goes to disk: the settings plus everything carried from a newer version. */
export function settingsToDisk(s: Settings, carried: Carried): Record<string, unknown> {
  return {
    ...carried.extraKeys,
    ...s,
    accounts: [...s.accounts.map((a) => ({ ...carried.accountExtras.get(a.id), ...a })), ...carried.unreadableAccounts],
  };
}

export interface OpenedSettings extends LoadedSettings {
  /** Plain-words notices for the user: what was moved aside or reset, and where the original is. */
  notices: string[];
}

/** Reads the file at `path`, moving aside a file that is not JSON and backing up one that needs repair. */
export function openSettingsFile(path: string, now = Date.now()): OpenedSettings {
  if (!existsSync(path)) return { settings: defaultSettings(), carried: noCarry(), repaired: [], notices: [] };
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (!isObject(raw)) {
    const backup = `${path}.corrupt-${now}`;
    renameSync(path, backup);
    return {
      settings: defaultSettings(), carried: noCarry(), repaired: [],
      notices: [`Your settings file was damaged. It was kept as ${backup} and fresh settings were started.`],
    };
  }
  const loaded = loadSettings(raw);
  if (!loaded.repaired.length) return { ...loaded, notices: [] };
  const backup = `${path}.before-repair-${now}`;
  copyFileSync(path, backup);
  const what = loaded.repaired.join('; ');
  return { ...loaded, notices: [`Some settings could not be read and were reset: ${what}. Everything else was kept; the original file is saved as ${backup}.`] };
}

/** Writes then renames, so a crash mid-write cannot leave half a file. */
function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** Settings in a JSON file (the browser host and tests; Electron uses electron-store the same way). */
export class JsonFileSettingsStore implements SettingsStore {
  private cache: Settings;
  private readonly carried: Carried;
  readonly notices: string[];
  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    const opened = openSettingsFile(file);
    this.cache = opened.settings;
    this.carried = opened.carried;
    this.notices = opened.notices;
  }
  read(): Settings {
    return this.cache;
  }
  write(next: Settings): void {
    // Disk first: if the write fails, memory keeps showing what is really saved.
    writeAtomically(this.file, JSON.stringify(settingsToDisk(next, this.carried), null, 2));
    this.cache = next;
  }
}
