import { z } from 'zod';
import { channel, none } from './shared';

export interface AboutInfo {
  version: string;
  versions: Record<string, string>;
  platform: string;
  dataFolder: string;
  logFolder: string;
}

export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** A way to act on it right there. */
  action?: 'openSettings' | 'retry';
}

/** The app around the list (main/shell): About, diagnostics, the window's own errors, folders. */
export const shellChannels = {
  /** Versions and folders, for the About section. */
  'app:about': channel(none).returns<AboutInfo>(),
  /** A plain-text report for support: versions, accounts (never their keys), counts, health and recent errors, redacted. */
  'app:diagnostics': channel(none).returns<{ text: string }>(),
  /** A view of the window stopped on an error: written to the log (redacted), so diagnostics carry it. */
  'app:reportError': channel(
    z
      .object({ where: z.string().max(80), message: z.string().max(2_000), stack: z.string().max(8_000).optional() })
      .strict(),
  ).returns<null>(),
  'app:openFolder': channel(z.object({ which: z.enum(['logs', 'data']) }).strict()).returns<null>(),
} as const;

export interface ShellEvents {
  /** A phonedeck://filter link: show the list with these filters (the rest cleared). */
  'view:apply': { text?: string; statuses?: string[]; groups?: string[]; tags?: string[]; accountId?: string };
  notice: Notice;
}
