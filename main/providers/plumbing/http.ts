import { isInteger, parse as parseLossless } from 'lossless-json';
import { t } from '../../../common/i18n/i18n';
import { throwIfAborted } from '../../kernel/clock';
import { ProviderError } from '../../kernel/errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** Exact bytes sent; signers hash this same string. */
  body?: string;
  timeoutMs: number;
  /** Cancels the request (a stopping poller, a cancelled connection test). */
  signal?: AbortSignal;
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
  throwIfAborted(req.signal);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), req.timeoutMs);
  const cancel = () => controller.abort();
  req.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const res = await fetchFn(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: controller.signal,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (e) {
    throwIfAborted(req.signal);
    if (controller.signal.aborted) {
      throw new ProviderError('TIMEOUT', t('err.timeout', { s: Math.round(req.timeoutMs / 1000) }), {
        retryable: true,
        maybeApplied: true,
      });
    }
    const cause = (e as { cause?: { code?: string } }).cause;
    // Node's fetch puts the code on `cause`; Electron's net.fetch puts Chromium's net error in the message.
    const text = `${cause?.code ?? ''} ${(e as Error).message}`;
    const refused =
      /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ERR_CONNECTION_REFUSED|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_ADDRESS_UNREACHABLE/.test(
        text,
      );
    throw new ProviderError('NETWORK', networkProblem(text, new URL(req.url).host), {
      retryable: true,
      maybeApplied: !refused,
    });
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', cancel);
  }
}

/** A transport failure said so that a person knows what to check ("fetch failed" helps nobody). */
function networkProblem(text: string, host: string): string {
  if (/ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED/.test(text)) return t('err.net.notFound', { host });
  if (/ERR_INTERNET_DISCONNECTED|ENETUNREACH|ERR_ADDRESS_UNREACHABLE/.test(text)) return t('err.net.offline', { host });
  if (/ECONNREFUSED|ERR_CONNECTION_REFUSED/.test(text)) return t('err.net.refused', { host });
  if (/CERT|SSL|TLS|ERR_CERT/.test(text)) return t('err.net.tls', { host });
  const code = /\b(E[A-Z]+|ERR_[A-Z_]+)\b/.exec(text)?.[1];
  return t('err.net.lost', { host, code: code ?? 'none' });
}

/**
 * Integers past 2^53 keep their exact digits as a string; every other number is a plain number.
 * GeeLark's field tables type some ids as integers, and JSON.parse would round 633179652143186328 to
 * 633179652143186300 — which can then match a different phone.
 */
function exactNumber(text: string): number | string {
  const n = Number(text);
  return isInteger(text) && !Number.isSafeInteger(n) ? text : n;
}

/** Parses JSON without losing large integers (Node 20's JSON.parse has no access to the source text). */
export function parseJsonExact(text: string): unknown {
  return parseLossless(text, null, exactNumber);
}

/** Parses a JSON body; a non-JSON answer is a transport fault, not a business error. */
export function parseJsonBody(res: HttpResponse): unknown {
  try {
    return parseJsonExact(res.text);
  } catch {
    throw new ProviderError('BAD_RESPONSE', t('err.badAnswer', { status: res.status }), {
      retryable: true,
      maybeApplied: true,
    });
  }
}
