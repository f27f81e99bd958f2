import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { StartOptionsSchema } from '../../common/start-options';
import { PolicySchema } from '../../common/policy';
import type { MessageKey } from '../../common/i18n/i18n';
import type { SettingsNotice, Words } from './settings-notice';

export { describeSettingsNotice, type SettingsNotice, type Words } from './settings-notice';
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
  /** What was reset, field by field. */
  repaired: Words[];
}

/** The fields reset as a whole, each with its own words (a new field fails to compile until it has them). */
const FIELD_RESET: Record<
  Exclude<keyof Settings, 'accounts' | 'favorites' | 'secrets' | 'windowBounds' | 'defaultStartOptions' | 'autopilot'>,
  MessageKey
> = {
  theme: 'repair.theme',
  language: 'repair.language',
  closeToTray: 'repair.closeToTray',
  secretBackend: 'repair.secretBackend',
  demoOffered: 'repair.demoOffered',
  trayHintShown: 'repair.trayHintShown',
  version: 'repair.version',
  control: 'repair.control',
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
  const repaired: Words[] = [];
  if (!isObject(raw)) return { settings, carried, repaired: [{ key: 'repair.unreadable' }] };
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
          repaired.push({ key: 'repair.accountList' });
          break;
        }
        for (const item of value) {
          const r = StoredAccountSchema.safeParse(item);
          if (!r.success || settings.accounts.some((a) => a.id === r.data.id)) {
            carried.unreadableAccounts.push(item);
            repaired.push(
              isObject(item) && typeof item.label === 'string'
                ? { key: 'repair.account', values: { label: item.label } }
                : { key: 'repair.anAccount' },
            );
            continue;
          }
          settings.accounts.push(r.data);
          const extras = Object.fromEntries(
            Object.entries(item as object).filter(([k]) => !Object.hasOwn(StoredAccountSchema.shape, k)),
          );
          if (Object.keys(extras).length) carried.accountExtras.set(r.data.id, extras);
        }
        break;
      }
      case 'favorites': {
        const list = Array.isArray(value) ? value : [];
        settings.favorites = [...new Set(list.filter((x): x is string => typeof x === 'string' && x.length <= 200))];
        if (!Array.isArray(value) || settings.favorites.length !== list.length)
          repaired.push({ key: 'repair.favorites' });
        break;
      }
      case 'secrets': {
        const { kept, dropped } = validEntries(value, SettingsSchema.shape.secrets.valueType);
        settings.secrets = kept;
        if (dropped) repaired.push({ key: 'repair.secrets', values: { n: dropped } });
        break;
      }
      case 'windowBounds': {
        const { kept, dropped } = validEntries(value, SettingsSchema.shape.windowBounds.valueType);
        settings.windowBounds = kept;
        if (dropped) repaired.push({ key: 'repair.windowBounds' });
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
        if (reset) repaired.push({ key: 'repair.startOptions' });
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
        if (!whole.success || !isObject(value) || settings.autopilot.policies.length !== policies.length)
          repaired.push({ key: 'repair.autopilot' });
        break;
      }
      default: {
        const r = known[field].safeParse(value);
        if (r.success) (settings as Record<string, unknown>)[field] = r.data;
        else repaired.push({ key: FIELD_RESET[field] });
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
  /** What was moved aside or reset, and where the original is. */
  notices: SettingsNotice[];
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
      settings: defaultSettings(),
      carried: noCarry(),
      repaired: [],
      notices: [{ kind: 'damaged', backup }],
    };
  }
  const loaded = loadSettings(raw);
  if (!loaded.repaired.length) return { ...loaded, notices: [] };
  const backup = `${path}.before-repair-${now}`;
  copyFileSync(path, backup);
  return { ...loaded, notices: [{ kind: 'repaired', what: loaded.repaired, backup }] };
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
  readonly notices: SettingsNotice[];
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
