import { z } from 'zod';
import type { ConsentRules } from '../consent';
import { ConsentRulesSchema } from '../consent-rules';
import { LANGUAGE_PREFERENCES, type LanguagePreference } from '../i18n/locales';
import { StartOptionsSchema, type StartOptions } from '../start-options';
import { channel, none, PhoneKeySchema } from './shared';

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface PublicSettings {
  theme: ThemeSetting;
  /** The language chosen in Settings; "system" follows the OS (main and the window each resolve it). */
  language: LanguagePreference;
  defaultStartOptions: StartOptions;
  favorites: string[];
  closeToTray: boolean;
  /** How long the activity record keeps actions and running periods. */
  activityRetentionDays: number;
  /**
   * The CLI/MCP control plane: clients paired with their own token (`phonedeck pair`), and those of them allowed
   * to act within the rules without asking each time.
   */
  control: { allowedClients: string[]; paired: { client: string; pairedAt: number }[] };
  /** The rule table every door follows (window, tray, policies, links, CLI, MCP). */
  consent: ConsentRules;
  /** Starting with the OS session, as the OS reports it (not what was last asked for). */
  startAtLogin: { supported: boolean; enabled: boolean; hidden: boolean };
}

const SettingsPatchSchema = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).optional(),
    language: z.enum(LANGUAGE_PREFERENCES).optional(),
    defaultStartOptions: StartOptionsSchema.optional(),
    closeToTray: z.boolean().optional(),
    activityRetentionDays: z
      .number()
      .int('Whole days')
      .min(1, 'At least 1 day')
      .max(3650, 'At most 10 years')
      .optional(),
    consent: ConsentRulesSchema.partial().strict().optional(),
    startAtLogin: z.object({ enabled: z.boolean(), hidden: z.boolean() }).strict().optional(),
    control: z
      .object({
        allowedClients: z.array(z.string().max(80)).max(100).optional(),
        /** Unpairs clients: the ones named keep working only as unpaired clients that always ask. */
        unpair: z.array(z.string().max(80)).max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Preferences and favourites (main/settings). */
export const settingsChannels = {
  'settings:get': channel(none).returns<PublicSettings>(),
  'settings:update': channel(SettingsPatchSchema).returns<PublicSettings>(),
  'favorites:set': channel(z.object({ key: PhoneKeySchema, favorite: z.boolean() }).strict()).returns<PublicSettings>(),
} as const;

export interface SettingsEvents {
  'settings:changed': PublicSettings;
}
