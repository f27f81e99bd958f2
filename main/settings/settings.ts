import { z } from 'zod';
import { ConsentRulesSchema, defaultConsentRules } from '../../common/consent-rules';
import { HUAWEI_REGIONS, type PublicSettings } from '../../common/contract';
import { PROVIDER_KINDS } from '../../common/phone';
import { DEFAULT_START_OPTIONS, StartOptionsSchema } from '../../common/start-options';
import { AutopilotSettingsSchema, defaultAutopilot } from '../../common/policy';
import { LANGUAGE_PREFERENCES } from '../../common/i18n/locales';
import { isBuiltInName } from '../../common/own';
import type { SettingsNotice } from './settings-notice';

const RectSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});
export type Rect = z.infer<typeof RectSchema>;

/** Non-secret account fields. Secrets live encrypted in `secrets`, never here. */
export const StoredAccountSchema = z.object({
  // An id like "__proto__" is refused (the account is set aside with a notice naming it).
  id: z.string().refine((id) => !isBuiltInName(id)),
  provider: z.enum(PROVIDER_KINDS),
  label: z.string(),
  auth: z.enum(['token', 'key', 'aksk', 'password']),
  demo: z.boolean(),
  appId: z.string().optional(),
  ak: z.string().optional(),
  domainName: z.string().optional(),
  userName: z.string().optional(),
  region: z.enum(HUAWEI_REGIONS).optional(),
  projectId: z.string().optional(),
  baseUrl: z.string().optional(),
  iamUrl: z.string().optional(),
});
export type StoredAccount = z.infer<typeof StoredAccountSchema>;

export const SettingsSchema = z.object({
  version: z.literal(1),
  accounts: z.array(StoredAccountSchema),
  /** accountId → base64 ciphertext from the OS keychain (safeStorage). */
  secrets: z.record(z.string(), z.string()),
  /** Which safeStorage backend encrypted the secrets, to notice a keychain change. */
  secretBackend: z.string().nullable(),
  theme: z.enum(['system', 'light', 'dark']),
  /** English, Simplified Chinese, or whatever the OS prefers. */
  language: z.enum(LANGUAGE_PREFERENCES),
  defaultStartOptions: StartOptionsSchema,
  favorites: z.array(z.string()),
  closeToTray: z.boolean(),
  /** Remembered phone window bounds by phone key. */
  windowBounds: z.record(z.string(), RectSchema),
  demoOffered: z.boolean(),
  /** Whether the user has been told, once, that closing the window leaves Phonedeck in the tray. */
  trayHintShown: z.boolean(),
  /** Policies, prices and the marks the autopilot keeps. */
  autopilot: AutopilotSettingsSchema,
  /** The local control plane (CLI, MCP): clients allowed to start/stop/restart without asking. */
  control: z.object({
    allowedClients: z.array(z.string().max(80)),
    /**
     * Clients paired with `phonedeck pair`: each has its own token (only its hash is kept here). A request that
     * claims a paired name must carry that token, so no other process inherits its name or its permissions.
     */
    pairedClients: z
      .array(
        z.object({ client: z.string().max(80), tokenHash: z.string().regex(/^[0-9a-f]{64}$/), pairedAt: z.number() }),
      )
      .default([]),
  }),
  /** The rule table every door follows: when a person must confirm. */
  consent: ConsentRulesSchema,
  /** The team database this desktop works through (its password is in `secrets` under TEAM_SECRET); null: alone. */
  team: z
    .object({ url: z.string().min(1).max(2000) })
    .strict()
    .nullable()
    .default(null),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const defaultSettings = (): Settings => ({
  version: 1,
  accounts: [],
  secrets: {},
  secretBackend: null,
  theme: 'system',
  language: 'system',
  defaultStartOptions: { ...DEFAULT_START_OPTIONS },
  favorites: [],
  closeToTray: true,
  windowBounds: {},
  demoOffered: false,
  trayHintShown: false,
  autopilot: defaultAutopilot(),
  control: { allowedClients: [], pairedClients: [] },
  consent: defaultConsentRules(),
  team: null,
});

export function publicSettings(
  s: Settings,
  startAtLogin: PublicSettings['startAtLogin'] = { supported: false, enabled: false, hidden: false },
): PublicSettings {
  return {
    theme: s.theme,
    language: s.language,
    defaultStartOptions: s.defaultStartOptions,
    favorites: s.favorites,
    closeToTray: s.closeToTray,
    activityRetentionDays: s.autopilot.retentionDays,
    control: {
      allowedClients: s.control.allowedClients,
      paired: s.control.pairedClients.map(({ client, pairedAt }) => ({ client, pairedAt })),
    },
    consent: s.consent,
    startAtLogin,
  };
}

/**
 * Where settings live. Electron uses electron-store; tests and the e2e server use a JSON file or memory.
 * read() is served from memory; write() goes to disk first and throws if it fails, leaving memory as is.
 */
export interface SettingsStore {
  read(): Settings;
  write(next: Settings): void;
  /** What was repaired or moved aside when the file was opened, for a notice. */
  readonly notices?: readonly SettingsNotice[];
}

/** Typed access with change notification on top of any store. */
export class SettingsRepo {
  private listeners: ((s: Settings) => void)[] = [];
  constructor(private readonly store: SettingsStore) {}
  get(): Settings {
    return this.store.read();
  }
  /** Applies a change; if it cannot be saved it throws and nothing changes, on disk or in memory. */
  update(change: (s: Settings) => Settings | void): Settings {
    const draft = structuredClone(this.store.read());
    const next = SettingsSchema.parse(change(draft) ?? draft);
    this.store.write(next);
    for (const l of this.listeners) l(next);
    return next;
  }
  onChange(listener: (s: Settings) => void): void {
    this.listeners.push(listener);
  }
}

export class MemorySettingsStore implements SettingsStore {
  constructor(private data: Settings = defaultSettings()) {}
  read(): Settings {
    return this.data;
  }
  write(next: Settings): void {
    this.data = next;
  }
}
