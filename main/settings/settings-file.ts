import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { realFileOps, replaceFileVerified, type FileOps } from '../kernel/durable-file';
import type { z } from 'zod';
import { StartOptionsSchema } from '../../common/start-options';
import { PolicySchema } from '../../common/policy';
import type { MessageKey } from '../../common/i18n/i18n';
import type { SettingsNotice, Words } from './settings-notice';
import { nestsDeeperThan, parseSettingsText } from './settings-json';

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
  consent: 'repair.consent',
  team: 'repair.team',
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

/** What one field reader works on: the settings being built, what is carried, and the notes of what was reset. */
interface Reading {
  settings: Settings;
  carried: Carried;
  repaired: Words[];
}

/** Account by account: one this version cannot read is carried back to disk untouched, the rest are kept. */
function readAccounts(value: unknown, r: Reading): void {
  if (nestsDeeperThan(value)) {
    r.repaired.push({ key: 'repair.tooDeep', values: { name: 'accounts' } });
    return;
  }
  if (!Array.isArray(value)) {
    r.carried.unreadableAccounts.push(value);
    r.repaired.push({ key: 'repair.accountList' });
    return;
  }
  for (const item of value) {
    const parsed = StoredAccountSchema.safeParse(item);
    if (!parsed.success || r.settings.accounts.some((a) => a.id === parsed.data.id)) {
      r.carried.unreadableAccounts.push(item);
      r.repaired.push(
        isObject(item) && typeof item.label === 'string'
          ? { key: 'repair.account', values: { label: item.label } }
          : { key: 'repair.anAccount' },
      );
      continue;
    }
    r.settings.accounts.push(parsed.data);
    const extras = Object.fromEntries(
      Object.entries(item as object).filter(([k]) => !Object.hasOwn(StoredAccountSchema.shape, k)),
    );
    if (Object.keys(extras).length) r.carried.accountExtras.set(parsed.data.id, extras);
  }
}

function readFavorites(value: unknown, r: Reading): void {
  const list = Array.isArray(value) ? value : [];
  r.settings.favorites = [...new Set(list.filter((x): x is string => typeof x === 'string' && x.length <= 200))];
  if (!Array.isArray(value) || r.settings.favorites.length !== list.length)
    r.repaired.push({ key: 'repair.favorites' });
}

/** Option by option: a width from a newer version resets the width, not the other choices. */
function readStartOptions(value: unknown, r: Reading): void {
  const given = isObject(value) ? value : {};
  const options = { ...r.settings.defaultStartOptions };
  let reset = !isObject(value);
  for (const name of Object.keys(options) as (keyof typeof options)[]) {
    if (!(name in given)) continue;
    const parsed = StartOptionsSchema.shape[name].safeParse(given[name]);
    if (parsed.success) (options as Record<string, unknown>)[name] = parsed.data;
    else reset = true;
  }
  r.settings.defaultStartOptions = options;
  if (reset) r.repaired.push({ key: 'repair.startOptions' });
}

/** Policy by policy: one a newer version wrote (or a hand edit broke) does not cost the others. */
function readAutopilot(value: unknown, r: Reading): void {
  const given = isObject(value) ? value : {};
  const whole = SettingsSchema.shape.autopilot.safeParse({ ...r.settings.autopilot, ...given, policies: [] });
  if (whole.success) r.settings.autopilot = whole.data;
  const policies = Array.isArray(given.policies) ? given.policies : [];
  r.settings.autopilot.policies = policies.flatMap((p) => {
    const parsed = PolicySchema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
  if (!whole.success || !isObject(value) || r.settings.autopilot.policies.length !== policies.length)
    r.repaired.push({ key: 'repair.autopilot' });
}

/** The fields read part by part; every other known field is read whole. */
const FIELD_READERS: Partial<Record<keyof Settings, (value: unknown, r: Reading) => void>> = {
  accounts: readAccounts,
  favorites: readFavorites,
  secrets: (value, r) => {
    const { kept, dropped } = validEntries(value, SettingsSchema.shape.secrets.valueType);
    r.settings.secrets = kept;
    if (dropped) r.repaired.push({ key: 'repair.secrets', values: { n: dropped } });
  },
  windowBounds: (value, r) => {
    const { kept, dropped } = validEntries(value, SettingsSchema.shape.windowBounds.valueType);
    r.settings.windowBounds = kept;
    if (dropped) r.repaired.push({ key: 'repair.windowBounds' });
  },
  defaultStartOptions: readStartOptions,
  autopilot: readAutopilot,
};

export function loadSettings(raw: unknown): LoadedSettings {
  const r: Reading = { settings: defaultSettings(), carried: noCarry(), repaired: [] };
  if (!isObject(raw)) return { settings: r.settings, carried: r.carried, repaired: [{ key: 'repair.unreadable' }] };
  const known = SettingsSchema.shape;
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(known, key)) {
      // Carried back to disk for a newer version, unless it nests so deep that writing it would overflow.
      if (nestsDeeperThan(value)) r.repaired.push({ key: 'repair.tooDeep', values: { name: key.slice(0, 60) } });
      else r.carried.extraKeys[key] = value;
      continue;
    }
    const field = key as keyof Settings;
    const reader = FIELD_READERS[field];
    if (reader) {
      reader(value, r);
      continue;
    }
    const parsed = known[field].safeParse(value);
    if (parsed.success) (r.settings as Record<string, unknown>)[field] = parsed.data;
    else r.repaired.push({ key: FIELD_RESET[field as keyof typeof FIELD_RESET] });
  }
  migrateApproveStopOver(raw, r.settings);
  return { settings: SettingsSchema.parse(r.settings), carried: r.carried, repaired: r.repaired };
}

/** Before the rule table, the CLI's "ask above N stops" was `control.approveStopOver`: it becomes the table's N. */
function migrateApproveStopOver(raw: Record<string, unknown>, settings: Settings): void {
  const old = isObject(raw.control) ? raw.control.approveStopOver : undefined;
  const n = SettingsSchema.shape.consent.shape.askAbovePhones.safeParse(old);
  if (raw.consent === undefined && n.success) settings.consent = { ...settings.consent, askAbovePhones: n.data };
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
  const { value: raw, strict } = parseSettingsText(readFileSync(path, 'utf8'));
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
  if (!strict) loaded.repaired.unshift({ key: 'repair.format' });
  if (!loaded.repaired.length) return { ...loaded, notices: [] };
  const backup = `${path}.before-repair-${now}`;
  copyFileSync(path, backup);
  // Rewritten as plain JSON at once (the original is aside), so electron-store, which reads strict JSON, can open it.
  if (!strict) writeAtomically(path, JSON.stringify(settingsToDisk(loaded.settings, loaded.carried), null, 2));
  return { ...loaded, notices: [{ kind: 'repaired', what: loaded.repaired, backup }] };
}

/**
 * Owner-only, and durable before it counts: written to a temporary file, fsynced, read back and compared,
 * then renamed over the old one (and the folder synced). A full disk leaves the good file as it was.
 */
function writeAtomically(path: string, text: string, fs: FileOps = realFileOps): void {
  replaceFileVerified(fs, path, Buffer.from(text, 'utf8'), 0o600);
}

/** Settings in a JSON file (the browser host and tests; Electron uses electron-store the same way). */
export class JsonFileSettingsStore implements SettingsStore {
  private cache: Settings;
  private readonly carried: Carried;
  readonly notices: SettingsNotice[];
  constructor(
    private readonly file: string,
    private readonly fs: FileOps = realFileOps,
  ) {
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
    writeAtomically(this.file, JSON.stringify(settingsToDisk(next, this.carried), null, 2), this.fs);
    this.cache = next;
  }
}
