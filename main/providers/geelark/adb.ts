import { t } from '../../../common/i18n/i18n';
import { chunk } from '../plumbing/chunk';
import type { GeeLarkClient } from './client';
import { geelarkMessage } from './codes';

/** A phone's ADB connection (the password is a credential: shown to the person who asked, never logged), or why not. */
export type AdbInfo =
  | { id: string; ok: true; ip: string; port: number; password: string }
  | { id: string; ok: false; code: string; message: string };

const PER_CALL = 100;

/**
 * ADB on or off on running phones (`adb/setStatus`, up to 100 ids a call). Enabling takes GeeLark about 3 s:
 * read `adbInfo` after; until then a phone answers 49001.
 */
export async function setAdb(client: GeeLarkClient, ids: readonly string[], open: boolean): Promise<void> {
  for (const part of chunk([...ids], PER_CALL))
    await client.call<unknown>('/open/v1/adb/setStatus', { ids: part, open }, { safe: false });
}

/**
 * Each phone's ADB connection (`adb/getData`): a code per phone, 0 with ip, port and password; 49001 ADB not
 * enabled (or not yet), 49002 not offered on this phone's Android version, 42002 not running. Ids stay exact.
 */
export async function adbInfo(client: GeeLarkClient, ids: readonly string[]): Promise<AdbInfo[]> {
  const out: AdbInfo[] = [];
  for (const part of chunk([...ids], PER_CALL)) {
    const r = await client.call<{ items?: unknown }>('/open/v1/adb/getData', { ids: part }, { safe: true });
    const items = new Map(
      (Array.isArray(r?.items) ? (r.items as Record<string, unknown>[]) : []).map((x) => [String(x.id), x]),
    );
    for (const id of part) {
      const x = items.get(id);
      const code = typeof x?.code === 'number' ? x.code : null;
      if (x && code === 0 && typeof x.ip === 'string' && typeof x.port === 'number' && typeof x.pwd === 'string')
        out.push({ id, ok: true, ip: x.ip, port: x.port, password: x.pwd });
      else if (code !== null && code !== 0)
        out.push({ id, ok: false, code: String(code), message: geelarkMessage(code, String(x?.msg ?? '')) });
      else out.push({ id, ok: false, code: 'BAD_RESPONSE', message: t('err.adbNoAnswer') });
    }
  }
  return out;
}
