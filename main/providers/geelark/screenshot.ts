import { t } from '../../../common/i18n/i18n';
import type { Clock } from '../../kernel/clock';
import { ProviderError } from '../../kernel/errors';
import type { FetchLike } from '../plumbing/http';
import type { Screenshot } from '../types';
import type { GeeLarkClient } from './client';
import { classifyHost } from '../../../common/hosts';

const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** A capture takes a moment: the first look waits this long, so most screenshots cost two calls, not three. */
const FIRST_LOOK_MS = 1_000;
const POLL_MS = 1_000;
const WAIT_MS = 20_000;

/**
 * A running phone's screen: `phone/screenShot` gives a task, `phone/screenShot/result` says when it is done
 * (1 running, 2 done with a link, 3 failed, 0 unknown or expired), and the link gives the image. Two
 * calls at least, each through the account's limiter (one bucket per endpoint). The image is fetched
 * without credentials (the link carries its own), checked to be an image and capped in size.
 */
export async function takeScreenshot(
  d: { client: GeeLarkClient; fetch: FetchLike; clock: Clock },
  id: string,
  signal?: AbortSignal,
): Promise<Screenshot> {
  const task = (await d.client.call<{ taskId?: unknown }>('/open/v1/phone/screenShot', { id }, { safe: true, signal }))
    ?.taskId;
  if (typeof task !== 'string' || !task) throw new ProviderError('BAD_RESPONSE', t('err.screenshotNotImage'));
  const until = d.clock.now() + WAIT_MS;
  await d.clock.sleep(FIRST_LOOK_MS, signal);
  for (;;) {
    const r = await d.client.call<{ status?: unknown; downloadLink?: unknown }>(
      '/open/v1/phone/screenShot/result',
      { taskId: task },
      { safe: true, signal },
    );
    if (r?.status === 2 && typeof r.downloadLink === 'string') return download(d, r.downloadLink, signal);
    if (r?.status !== 1)
      throw new ProviderError('SCREENSHOT_FAILED', t('err.screenshotFailed', { status: String(r?.status) }));
    if (d.clock.now() >= until)
      throw new ProviderError('TIMEOUT', t('err.screenshotTimeout', { s: Math.round(WAIT_MS / 1000) }));
    await d.clock.sleep(POLL_MS, signal);
  }
}

async function download(
  d: { fetch: FetchLike; clock: Clock },
  link: string,
  signal?: AbortSignal,
): Promise<Screenshot> {
  const url = new URL(link);
  // HTTPS, or plain HTTP only to this machine (the simulator): a link elsewhere in clear is not followed.
  const local = url.protocol === 'http:' && classifyHost(url.hostname) === 'loopback';
  if (url.protocol !== 'https:' && !local) throw new ProviderError('BAD_RESPONSE', t('err.screenshotNotImage'));
  const res = await d.fetch(url.href, { method: 'GET', signal: signal ?? AbortSignal.timeout(15_000) });
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || !/^image\/(png|jpeg|webp)$/.test(type.split(';')[0].trim()))
    throw new ProviderError('SCREENSHOT_FAILED', t('err.screenshotNotImage'));
  const image = Buffer.from(await res.arrayBuffer());
  if (image.length > MAX_IMAGE_BYTES) throw new ProviderError('TOO_LARGE', t('err.screenshotNotImage'));
  return { image, contentType: type.split(';')[0].trim(), takenAt: d.clock.now() };
}
