/**
 * Keeps secrets out of logs, IPC replies and crash output. Two layers: field names that look secret are
 * masked wherever they appear, and every secret value the app holds is registered so it is masked even
 * inside free text (an error message echoing a header, a URL with a token).
 */
const SECRET_FIELD =
  /(token|secret|password|passwd|apikey|api_key|^sk$|sign|authorization|x-auth-token|x-subject-token|cookie)/i;
const MASK = '[redacted]';

/** Bearer tokens and signature headers in any text, registered or not. */
const SECRET_SHAPES = String.raw`(?<=Bearer\s+)[^\s",']+|(?<=Signature=)[0-9a-f]+`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class SecretRegistry {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  /** Every secret the app holds, whatever its length: a short key leaking is still a key leaking. */
  add(...secrets: (string | undefined)[]): void {
    for (const s of secrets) if (s) this.values.add(s);
    this.pattern = null;
  }
  remove(...secrets: (string | undefined)[]): void {
    for (const s of secrets) if (s) this.values.delete(s);
    this.pattern = null;
  }

  /** One pattern for all secrets (longest first, so a secret containing another is masked whole). */
  private matcher(): RegExp {
    if (!this.pattern) {
      const literals = [...this.values].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp([...literals, SECRET_SHAPES].join('|'), 'gi');
    }
    return this.pattern;
  }

  redactText(text: string): string {
    return text.replace(this.matcher(), MASK);
  }

  /**
   * Masks secrets inside every string of a payload that leaves main (IPC replies, events), keeping its
   * shape. Only values are masked, not field names: these are the app's own data types. Objects without a
   * secret are returned as they are, so a 10,000-phone snapshot is not copied.
   */
  redactValues<T>(value: T, depth = 0): T {
    // Strings compare by value, so an unchanged string leaves its parent uncopied.
    if (typeof value === 'string') return this.redactText(value) as T;
    if (value === null || typeof value !== 'object' || depth > 12) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      value.forEach((v, i) => {
        const r = this.redactValues(v, depth + 1);
        if (r !== v) (copy ??= [...value])[i] = r;
      });
      return (copy ?? value) as T;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    let copy: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const r = this.redactValues(v, depth + 1);
      if (r !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = r;
    }
    return (copy ?? value) as T;
  }

  redact<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.redactText(value) as T;
    if (value === null || typeof value !== 'object' || depth > 8) return value;
    if (value instanceof Error) {
      return {
        name: value.name,
        message: this.redactText(value.message),
        stack: value.stack && this.redactText(value.stack),
      } as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.redact(v, depth + 1)) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) && v ? MASK : this.redact(v, depth + 1);
    return out as T;
  }
}

export interface Logger {
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

export type LogSink = (level: 'info' | 'warn' | 'error', line: string) => void;

/**
 * Logging is best-effort: a full disk, an unwritable file or details that cannot be serialised lose that
 * line, never the caller's work. Nothing a logger does may throw into the code that logs (the poller, IPC
 * dispatch and the crash handlers all log from their error paths).
 */
export function createLogger(registry: SecretRegistry, sink: LogSink): Logger & { readonly dropped: number } {
  let dropped = 0;
  const write = (level: 'info' | 'warn' | 'error') => (message: string, details?: unknown) => {
    try {
      const tail = details === undefined ? '' : ` ${JSON.stringify(registry.redact(details))}`;
      sink(level, registry.redactText(`${new Date().toISOString()} ${level.toUpperCase()} ${message}`) + tail);
    } catch {
      dropped++;
    }
  };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    get dropped() {
      return dropped;
    },
  };
}
