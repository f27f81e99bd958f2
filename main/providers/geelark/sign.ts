import { createHash, randomUUID } from 'node:crypto';

/** 32 uppercase hex characters, as GeeLark's own CLI sends. Fresh for every request and every retry. */
export function newTraceId(): string {
  return randomUUID().replace(/-/g, '').toUpperCase();
}

/** GeeLark key mode: SHA256(appId + traceId + ts + nonce + apiKey), uppercase hex; nonce is traceId's first 6 chars. */
export function geelarkSign(p: { appId: string; traceId: string; ts: string; nonce: string; apiKey: string }): string {
  return createHash('sha256')
    .update(p.appId + p.traceId + p.ts + p.nonce + p.apiKey)
    .digest('hex')
    .toUpperCase();
}

export type GeeLarkAuth = { mode: 'token'; token: string } | { mode: 'key'; appId: string; apiKey: string };

export function geelarkAuthHeaders(auth: GeeLarkAuth, traceId: string, nowMs: number): Record<string, string> {
  if (auth.mode === 'token') return { traceId, Authorization: `Bearer ${auth.token}` };
  const ts = String(nowMs);
  const nonce = traceId.slice(0, 6);
  return {
    appId: auth.appId,
    traceId,
    ts,
    nonce,
    sign: geelarkSign({ appId: auth.appId, traceId, ts, nonce, apiKey: auth.apiKey }),
  };
}
