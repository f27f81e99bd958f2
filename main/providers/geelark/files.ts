import { extname } from 'node:path';
import { t } from '../../../common/i18n/i18n';
import type { Clock } from '../../kernel/clock';
import { describeError, ProviderError } from '../../kernel/errors';
import type { FetchLike } from '../plumbing/http';
import type { BatchHooks, PhoneOutcome } from '../types';
import type { GeeLarkClient } from './client';

/** The types GeeLark takes as temporary files (upload/getUrl). */
const FILE_TYPES = new Set([
  'jpg',
  'jpeg',
  'png',
  'gif',
  'bmp',
  'tiff',
  'tif',
  'webp',
  'svg',
  'heif',
  'heic',
  'mp4',
  'avi',
  'mkv',
  'mov',
  'wmv',
  'flv',
  'webm',
  'mpeg',
  'mpg',
  '3gp',
  'apk',
  'xapk',
  'xml',
  'mp3',
]);
const FIRST_LOOK_MS = 1_000;
const LOOK_EVERY_MS = 1_000;
const WAIT_MS = 120_000;

/** A file to push: its bytes and name (uploaded once), or a resource GeeLark already has (a retry). */
export type PushSource = { bytes: Buffer; name: string } | { resourceUrl: string };

type Deps = { client: GeeLarkClient; fetch: FetchLike; clock: Clock };

/**
 * Puts one file into each phone's Downloads: the file is uploaded once (`upload/getUrl`, then a PUT to its
 * URL), then pushed one phone per call (`phone/uploadFile`, paced by the limiter) and each push followed to
 * its end (`phone/uploadFile/result`: 2 done, 3 failed, 0 unknown). A push is never sent twice on its own:
 * a lost answer is an unknown outcome. The resource URL comes back, so a retry of the failed phones uploads
 * nothing again.
 */
export async function pushFile(
  d: Deps,
  ids: readonly string[],
  source: PushSource,
  hooks?: BatchHooks,
): Promise<{ resourceUrl: string | null; outcomes: PhoneOutcome[] }> {
  let resourceUrl: string;
  try {
    resourceUrl = 'resourceUrl' in source ? source.resourceUrl : await upload(d, source);
  } catch (e) {
    const { code, message } = describeError(e);
    const outcomes = ids.map((id) => ({ id, ok: false as const, code, message }));
    hooks?.onOutcomes?.(outcomes);
    return { resourceUrl: null, outcomes };
  }
  const outcomes = await Promise.all(
    ids.map(async (id) => {
      const o = await pushOne(d, id, resourceUrl);
      hooks?.onOutcomes?.([o]);
      return o;
    }),
  );
  return { resourceUrl, outcomes };
}

/** Uploads a file to GeeLark's temporary storage once; its resource URL is what the other calls name. */
export async function upload(d: Deps, file: { bytes: Buffer; name: string }): Promise<string> {
  const type = extname(file.name).slice(1).toLowerCase();
  if (!FILE_TYPES.has(type)) throw new ProviderError('INVALID_INPUT', t('err.fileType', { type: type || '?' }));
  const urls = await d.client.call<{ uploadUrl?: unknown; resourceUrl?: unknown }>(
    '/open/v1/upload/getUrl',
    { fileType: type },
    { safe: true },
  );
  if (typeof urls?.uploadUrl !== 'string' || typeof urls.resourceUrl !== 'string')
    throw new ProviderError('BAD_RESPONSE', t('err.uploadFailed', { status: 'no URL' }));
  // GeeLark's answer names its storage's signed URL, over HTTP or HTTPS (its documented example is HTTP).
  const put = new URL(urls.uploadUrl);
  if (put.protocol !== 'https:' && put.protocol !== 'http:')
    throw new ProviderError('BAD_RESPONSE', t('err.uploadFailed', { status: put.protocol }));
  // GeeLark's storage refuses extra headers on this PUT: the body alone.
  const res = await d.fetch(put.href, {
    method: 'PUT',
    body: new Uint8Array(file.bytes),
    signal: AbortSignal.timeout(600_000),
  });
  if (!res.ok) throw new ProviderError('BAD_RESPONSE', t('err.uploadFailed', { status: String(res.status) }));
  return urls.resourceUrl;
}

async function pushOne(d: Deps, id: string, fileUrl: string): Promise<PhoneOutcome> {
  let task: unknown;
  try {
    task = (await d.client.call<{ taskId?: unknown }>('/open/v1/phone/uploadFile', { id, fileUrl }, { safe: false }))
      ?.taskId;
  } catch (e) {
    const { code, message } = describeError(e);
    const maybe = e instanceof ProviderError && e.maybeApplied;
    return { id, ok: false, code: maybe ? 'OUTCOME_UNKNOWN' : code, message, maybeApplied: maybe };
  }
  if (typeof task !== 'string') return { id, ok: false, code: 'BAD_RESPONSE', message: t('err.pushFailed') };
  const until = d.clock.now() + WAIT_MS;
  await d.clock.sleep(FIRST_LOOK_MS);
  for (;;) {
    const r = await d.client
      .call<{ status?: unknown }>('/open/v1/phone/uploadFile/result', { taskId: task }, { safe: true })
      .catch(() => null);
    if (r?.status === 2) return { id, ok: true };
    if (r?.status === 3) return { id, ok: false, code: 'PUSH_FAILED', message: t('err.pushFailed') };
    if (r?.status === 0 || d.clock.now() >= until)
      return { id, ok: false, code: 'OUTCOME_UNKNOWN', message: t('err.pushUnknown'), maybeApplied: true };
    await d.clock.sleep(LOOK_EVERY_MS);
  }
}
