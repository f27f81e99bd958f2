import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Faults a simulator can be told to produce on its next matching requests. */
export type FaultKind = 'timeout' | 'http500' | 'malformed' | 'drop' | 'code' | 'body';
export interface Fault {
  /** Path prefix the fault applies to; omitted = any path. */
  path?: string;
  kind: FaultKind;
  /** Envelope/error code for kind 'code'. */
  code?: number | string;
  /** For kind 'body': the exact HTTP 200 body to answer with (hostile or odd answers). */
  body?: string;
  /** How many requests to affect (default 1). */
  times?: number;
  /** For 'timeout' and 'drop': let the simulator apply the request first, then fail the answer. */
  afterApply?: boolean;
}

export interface SimRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** The body's bytes as sent (an uploaded file). */
  rawBytes: Buffer;
}

export interface SimReply {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export const json = (status: number, value: unknown, headers?: Record<string, string>): SimReply => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

/**
 * The HTTP shell both simulators share: a real server on 127.0.0.1, injected latency, and a fault queue.
 * A 'timeout' fault holds the socket open without answering; 'drop' destroys it mid-request.
 */
export class SimHttpServer {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  readonly faults: Fault[] = [];
  latencyMs = 0;
  requests = 0;

  constructor(private readonly handle: (req: SimRequest) => Promise<SimReply> | SimReply) {}

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('simulator is not listening');
    return `http://127.0.0.1:${addr.port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  private takeFault(path: string): Fault | null {
    const i = this.faults.findIndex((f) => !f.path || path.startsWith(f.path));
    if (i < 0) return null;
    const f = this.faults[i];
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const fault =
      url.pathname.startsWith('/__') || url.pathname.startsWith('/viewer') ? null : this.takeFault(url.pathname);
    const simReq: SimRequest = {
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
      rawBytes: Buffer.concat(chunks),
    };
    if (fault && (fault.kind === 'timeout' || fault.kind === 'drop')) {
      if (fault.afterApply) await this.handle(simReq);
      if (fault.kind === 'drop') req.socket.destroy();
      // 'timeout': never answer; the client's own timeout fires. The socket is destroyed on close().
      return;
    }
    let reply: SimReply;
    if (fault?.kind === 'http500')
      reply = { status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } };
    else if (fault?.kind === 'malformed')
      reply = { status: 200, body: '{"code":0,"data":{"tot', headers: { 'content-type': 'application/json' } };
    else if (fault?.kind === 'code') reply = await this.handleWithCode(simReq, fault.code!);
    else if (fault?.kind === 'body')
      reply = { status: 200, body: fault.body ?? '', headers: { 'content-type': 'application/json' } };
    else reply = await this.handle(simReq);
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body);
  }

  /** The hook simulators override to shape an injected error code like their real error bodies. */
  codeReply: (code: number | string) => SimReply = (code) => json(200, { code, msg: 'injected' });

  private async handleWithCode(_req: SimRequest, code: number | string): Promise<SimReply> {
    return this.codeReply(code);
  }
}

export function readJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** What both simulators share: a listening HTTP shell, its URL, and fault injection. */
export abstract class HttpSimulator {
  readonly http: SimHttpServer;
  constructor() {
    this.http = new SimHttpServer((req) => this.route(req));
  }
  protected abstract route(req: SimRequest): Promise<SimReply> | SimReply;
  listen(port = 0): Promise<string> {
    return this.http.listen(port);
  }
  close(): Promise<void> {
    return this.http.close();
  }
  get url(): string {
    return this.http.url;
  }
  inject(fault: Fault): void {
    this.http.inject(fault);
  }
}
