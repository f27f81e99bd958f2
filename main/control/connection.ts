import type { Socket } from 'node:net';

/** What one client may cost the app (its window, tray and autopilot share this event loop). */
export const CONNECTION_LIMITS = {
  /** Until its token is accepted a client may send this much: one small request, not a flood to buffer. */
  firstLineBytes: 4 * 1024,
  /** A request line longer than this is refused (a list of 10,000 phone names fits). */
  lineBytes: 2 * 1024 * 1024,
  /** A client must prove its token this soon after connecting. */
  authMs: 5_000,
  /** An authenticated connection with no request in flight is closed after this long. */
  idleMs: 10 * 60_000,
  /** Connections open at once; more are closed as they arrive. */
  maxConnections: 64,
};
export type ConnectionLimits = typeof CONNECTION_LIMITS;

const refusal = (code: string, message: string) => JSON.stringify({ id: 0, ok: false, code, message }) + '\n';

/**
 * One client connection: one JSON request per line. Each chunk is scanned once (never the whole buffer
 * again), a client that has not proven its token may buffer only a few kilobytes and must do so within
 * seconds, and a connection left idle is closed — unless a request of its is still running (an approval
 * can wait minutes).
 */
export class ControlConnection {
  /** Set by the request handler once a line carried the right token. */
  authenticated = false;
  private inFlight = 0;
  private buf = '';
  private scanned = 0;
  private closed = false;
  private readonly authTimer: ReturnType<typeof setTimeout>;
  private readonly gone = new AbortController();
  /** Aborts when the client goes away (Ctrl-C, a timed-out agent): what waits for it (an approval) is withdrawn. */
  readonly signal = this.gone.signal;

  constructor(
    readonly conn: Socket,
    private readonly limits: ConnectionLimits,
    private readonly onLine: (line: string, connection: ControlConnection) => Promise<unknown>,
  ) {
    conn.setEncoding('utf8');
    conn.on('error', () => undefined);
    conn.on('close', () => {
      this.stop();
      this.gone.abort();
    });
    conn.on('data', (chunk: string) => this.receive(chunk));
    this.authTimer = setTimeout(() => {
      if (!this.authenticated) this.refuse('AUTH_TIMEOUT', 'No request with a valid token arrived in time');
    }, limits.authMs);
    conn.setTimeout(limits.idleMs, () => {
      if (this.inFlight === 0) this.conn.end();
    });
  }

  private receive(chunk: string): void {
    // After a refusal whatever else arrives is dropped, not buffered.
    if (this.closed) return;
    this.buf += chunk;
    for (;;) {
      const nl = this.buf.indexOf('\n', this.scanned);
      if (nl < 0) break;
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      this.scanned = 0;
      if (line.trim()) this.handle(line);
      if (this.closed) return;
    }
    this.scanned = this.buf.length;
    const limit = this.authenticated ? this.limits.lineBytes : this.limits.firstLineBytes;
    if (this.buf.length > limit) this.refuse('TOO_LARGE', 'Request too large');
  }

  private handle(line: string): void {
    this.inFlight++;
    void this.onLine(line, this).finally(() => this.inFlight--);
  }

  private refuse(code: string, message: string): void {
    if (this.closed) return;
    this.stop();
    this.conn.end(refusal(code, message));
  }

  private stop(): void {
    this.closed = true;
    this.buf = '';
    clearTimeout(this.authTimer);
  }
}
