import { ProviderError } from './errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** Exact bytes sent; signers hash this same string. */
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Sends one request and classifies transport failures. Every failure after the request may have left
 * this machine is marked maybeApplied, because the provider could have acted on it.
 */
export async function sendHttp(fetchFn: FetchLike, req: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), req.timeoutMs);
  try {
    const res = await fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body, signal: controller.signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (e) {
    if (controller.signal.aborted) {
      throw new ProviderError('TIMEOUT', `No answer within ${Math.round(req.timeoutMs / 1000)} s`, { retryable: true, maybeApplied: true });
    }
    const cause = (e as { cause?: { code?: string } }).cause;
    // Node's fetch puts the code on `cause`; Electron's net.fetch puts Chromium's net error in the message.
    const text = `${cause?.code ?? ''} ${(e as Error).message}`;
    const refused = /ECONNREFUSED|ENOTFOUND|ERR_CONNECTION_REFUSED|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/.test(text);
    throw new ProviderError(
      'NETWORK',
      refused ? `Cannot reach ${new URL(req.url).host}` : `Connection lost: ${cause?.code ?? (e as Error).message}`,
      { retryable: true, maybeApplied: !refused },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Parses a JSON body; a non-JSON answer is a transport fault, not a business error. */
export function parseJsonBody(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw new ProviderError('BAD_RESPONSE', `Unreadable answer (HTTP ${res.status})`, { retryable: true, maybeApplied: true });
  }
}
