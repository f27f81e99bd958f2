import { z } from 'zod';
import { MAX_WINDOWS_AT_ONCE } from '../phone';
import type { BulkResult } from './phones';
import { channel, PhoneKeySchema } from './shared';

/** Phone windows (main/sessions). */
export const sessionsChannels = {
  'sessions:open': channel(
    z
      .object({
        keys: z
          .array(PhoneKeySchema)
          .min(1)
          .max(MAX_WINDOWS_AT_ONCE, `open at most ${MAX_WINDOWS_AT_ONCE} phones at once`),
      })
      .strict(),
  ).returns<{ opened: BulkResult[] }>(),
} as const;

export interface SessionsEvents {
  /** The phones whose viewer window is open, after every open or close. */
  'sessions:changed': { open: string[] };
}
