import { z } from 'zod';
import type { ErrorCode } from '../error-codes';
import { channel, PhoneKeySchema } from './shared';

/** A tile of the screenshot wall: the last image (a data URL) and when it was taken, or why there is none. */
export interface ScreenTile {
  key: string;
  takenAt: number | null;
  image: string | null;
  /** A screenshot is queued or being taken now. */
  pending: boolean;
  /** The last try failed: why, and when. */
  error: { code: ErrorCode; message: string; at: number } | null;
  /** False where no screenshot can be had here: the provider's API gives none (Huawei CPH), or a team account. */
  supported: boolean;
  /** Why not, in words, when not supported. */
  unsupported: string | null;
}

/** Most tiles asked for at once: a screenful of the wall, never the fleet. */
export const MAX_TILES = 200;
const Keys = z.object({ keys: z.array(PhoneKeySchema).max(MAX_TILES) }).strict();

/** The screenshot wall (main/screens): ask for the screens in view, read the tiles. */
export const screensChannels = {
  'screens:refresh': channel(Keys).returns<{ queued: string[]; skipped: { key: string; reason: string }[] }>(),
  'screens:tiles': channel(Keys).returns<ScreenTile[]>(),
} as const;

export interface ScreensEvents {
  /** These tiles changed (an image arrived, a try failed, one was queued). */
  'screens:changed': { keys: string[] };
}
