import type { KeptWhy } from './consent';
import { KEEP_RUNNING_TAG, type Phone } from './phone';

/** Remarks or tags that say a phone is meant to be kept. */
const KEEP_WORDS = /\b(do not delete|don'?t delete|keep|important|prod(uction)?|vip|client)\b/i;

/** Tags match whatever their case: "Keep-Running" and "keep-running" are one tag to a person. */
export const hasTag = (p: Pick<Phone, 'tags'>, tag: string): boolean =>
  p.tags.some((x) => x.toLowerCase() === tag.toLowerCase());

/**
 * Why a phone is marked to keep, or null: starred as a favourite, marked "keep running", tagged
 * keep-running, or a remark or tag in words such as "do not delete". Every door reads the same marks.
 */
export function keptWhy(
  p: Pick<Phone, 'key' | 'tags' | 'remark'>,
  favorites: ReadonlySet<string>,
  keepRunning: ReadonlySet<string>,
): KeptWhy | null {
  if (favorites.has(p.key)) return 'favorite';
  if (keepRunning.has(p.key)) return 'keepRunning';
  if (hasTag(p, KEEP_RUNNING_TAG)) return 'tag';
  if (KEEP_WORDS.test(p.remark) || p.tags.some((tag) => KEEP_WORDS.test(tag))) return 'words';
  return null;
}
