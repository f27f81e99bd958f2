import type { Logger } from '../kernel/redact';
import type { SettingsRepo } from './settings';

/** What belonged to a phone that is gone goes with it: its favourite star and its window position. */
export function forgetRemovedPhones(settings: SettingsRepo, keys: readonly string[], log: Logger): void {
  const gone = new Set(keys);
  const cur = settings.get();
  if (!cur.favorites.some((k) => gone.has(k)) && !keys.some((k) => k in cur.windowBounds)) return;
  try {
    settings.update((s) => {
      s.favorites = s.favorites.filter((k) => !gone.has(k));
      for (const k of keys) delete s.windowBounds[k];
    });
  } catch (e) {
    log.warn('could not prune settings for removed phones', e);
  }
}
