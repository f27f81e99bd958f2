/**
 * Keeps secrets out of logs, IPC replies and crash output. Two layers: field names that look secret are
 * masked wherever they appear, and every secret value the app holds is registered so it is masked even
 * inside free text (an error message echoing a header, a URL with a token).
 */
const SECRET_FIELD = /(token|secret|password|passwd|apikey|api_key|^sk$|sign|authorization|x-auth-token|x-subject-token|cookie)/i;
const MASK = '[redacted]';

export class SecretRegistry {
  private readonly values = new Set<string>();

  add(...secrets: (string | undefined)[]): void {
    // Very short strings would mask ordinary words; real keys are long.
    for (const s of secrets) if (s && s.length >= 6) this.values.add(s);
  }
  remove(...secrets: (string | undefined)[]): void {
    for (const s of secrets) if (s) this.values.delete(s);
  }

  redactText(text: string): string {
    let out = text;
    for (const s of this.values) if (out.includes(s)) out = out.split(s).join(MASK);
    // Bearer tokens and signature headers in any text, registered or not.
    return out.replace(/(Bearer\s+)[^\s",']+/gi, `$1${MASK}`).replace(/(Signature=)[0-9a-f]+/gi, `$1${MASK}`);
  }

  redact<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.redactText(value) as T;
    if (value === null || typeof value !== 'object' || depth > 8) return value;
    if (value instanceof Error) {
      return { name: value.name, message: this.redactText(value.message), stack: value.stack && this.redactText(value.stack) } as T;
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
