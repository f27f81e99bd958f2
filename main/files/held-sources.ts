/** What an account already holds of one file or app: a GeeLark resource URL, or an app version in its library. */
export interface Held {
  get(): string | null;
  set(value: string): void;
  clear(): void;
}

/** How long a held upload is used again: GeeLark keeps temporary files 3 days; a day leaves room. */
const KEEP_MS = 24 * 3_600_000;
const MOST = 200;

/**
 * Uploads an account already has, by the file as it is now (path, size and modified time) or the app's
 * URL: trying the failed phones again sends nothing twice (no second upload, no second review). A changed
 * file is a new key; an answer that the upload is gone (60003, 42006) forgets it.
 */
export class HeldSources {
  private readonly held = new Map<string, { value: string; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  for(key: string): Held {
    return {
      get: () => {
        const h = this.held.get(key);
        return h && this.now() - h.at < KEEP_MS ? h.value : null;
      },
      set: (value) => {
        this.held.delete(key);
        this.held.set(key, { value, at: this.now() });
        for (const old of [...this.held.keys()].slice(0, -MOST)) this.held.delete(old);
      },
      clear: () => void this.held.delete(key),
    };
  }
}
