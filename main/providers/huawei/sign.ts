import { createHash, createHmac } from 'node:crypto';

export const HW_ALGORITHM = 'SDK-HMAC-SHA256';
const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded (space → %20, * → %2A). */
export function hwEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Path segments encoded one by one, always ending in "/" (the request itself keeps no trailing slash). */
export function canonicalUri(path: string): string {
  const uri = decodeURIComponent(path).split('/').map(hwEncode).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

export type QueryValue = string | number | boolean | (string | number | boolean)[];

export function canonicalQuery(query: Record<string, QueryValue>): string {
  return Object.keys(query)
    .sort()
    .flatMap((k) => {
      const v = query[k];
      const values = Array.isArray(v) ? v.map(String).sort() : [String(v)];
      return values.map((x) => `${hwEncode(k)}=${hwEncode(x)}`);
    })
    .join('&');
}

/** `20200608T023900Z`: UTC, no separators. */
export function sdkDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export interface SignInput {
  method: string;
  host: string;
  path: string;
  query: Record<string, QueryValue>;
  /** Headers to sign; must include X-Sdk-Date. Host is added from `host`. */
  headers: Record<string, string>;
  body: string;
  ak: string;
  sk: string;
}

export function canonicalRequest(i: Omit<SignInput, 'ak' | 'sk'>): { text: string; signedHeaders: string } {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...i.headers, host: i.host })) all[k.toLowerCase()] = v.trim();
  const names = Object.keys(all).sort();
  const text = [
    i.method.toUpperCase(),
    canonicalUri(i.path),
    canonicalQuery(i.query),
    names.map((n) => `${n}:${all[n]}\n`).join(''),
    names.join(';'),
    sha256hex(i.body),
  ].join('\n');
  return { text, signedHeaders: names.join(';') };
}

/** Huawei Cloud APIG signature (SDK-HMAC-SHA256): HMAC of the string-to-sign keyed by SK, no key derivation. */
export function signHuawei(i: SignInput): string {
  const date = Object.entries(i.headers).find(([k]) => k.toLowerCase() === 'x-sdk-date')?.[1];
  if (!date) throw new Error('X-Sdk-Date header is required');
  const { text, signedHeaders } = canonicalRequest(i);
  const stringToSign = `${HW_ALGORITHM}\n${date}\n${sha256hex(text)}`;
  const signature = createHmac('sha256', i.sk).update(stringToSign, 'utf8').digest('hex');
  return `${HW_ALGORITHM} Access=${i.ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
