import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The simulator's check of an SDK-HMAC-SHA256 signature, written from Huawei's signing guide and
 * deliberately sharing no code with the app's signer (main/providers/huawei/sign.ts): a bug in one cannot
 * hide in the other. Tests pin this verifier to the official Huawei SDK signer, and show that subtly
 * broken signers are refused.
 */
export type HuaweiVerdict = { ok: true; ak: string } | { ok: false; why: string };

const AUTH = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9;_-]+), Signature=([0-9a-f]{64})$/;

/** RFC 3986 percent-encoding of UTF-8 bytes; only A-Z a-z 0-9 - _ . ~ stay as they are. */
function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function canonicalPath(rawPath: string): string {
  const encoded = rawPath
    .split('/')
    .map((segment) => percentEncode(decodeURIComponent(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function canonicalQueryString(params: URLSearchParams): string {
  const pairs = [...params.entries()];
  pairs.sort(([ka, va], [kb, vb]) => (ka === kb ? (va < vb ? -1 : va > vb ? 1 : 0) : ka < kb ? -1 : 1));
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

export function verifyHuaweiSignature(
  req: { method: string; url: URL; headers: IncomingHttpHeaders; rawBody: string },
  secretFor: (ak: string) => string | null,
): HuaweiVerdict {
  const m = AUTH.exec(String(req.headers.authorization ?? '').trim());
  if (!m) return { ok: false, why: 'malformed Authorization header' };
  const [, ak, signedList, signature] = m;
  const sk = secretFor(ak);
  if (sk === null) return { ok: false, why: 'unknown access key' };
  const signed = signedList.split(';');
  const sorted = [...signed].sort();
  if (signed.join(';') !== sorted.join(';') || new Set(signed).size !== signed.length)
    return { ok: false, why: 'signed headers must be sorted and unique' };
  if (!signed.includes('host') || !signed.includes('x-sdk-date'))
    return { ok: false, why: 'signed headers must include host and x-sdk-date' };
  const headerLines = signed.map((name) => {
    const value = req.headers[name];
    return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim()}\n`;
  });
  const canonical = [
    req.method.toUpperCase(),
    canonicalPath(req.url.pathname),
    canonicalQueryString(req.url.searchParams),
    headerLines.join(''),
    signedList,
    sha256(req.rawBody),
  ].join('\n');
  const stringToSign = ['SDK-HMAC-SHA256', String(req.headers['x-sdk-date'] ?? ''), sha256(canonical)].join('\n');
  const expected = createHmac('sha256', sk).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true, ak }
    : { ok: false, why: 'verify aksk signature fail' };
}
