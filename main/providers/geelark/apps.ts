import { extname } from 'node:path';
import { t } from '../../../common/i18n/i18n';
import type { Clock } from '../../kernel/clock';
import { ProviderError } from '../../kernel/errors';
import type { FetchLike } from '../plumbing/http';
import type { BatchHooks, PhoneOutcome } from '../types';
import type { GeeLarkClient } from './client';
import { upload } from './files';
import { onePhonePerCall } from './one-by-one';

type Deps = { client: GeeLarkClient; fetch: FetchLike; clock: Clock };

/** An app version in the team's library, ready to install. */
export interface AppVersion {
  versionId: string;
  appId: string;
  appName: string;
}

const REVIEW_LOOK_MS = 2_000;
const REVIEW_WAIT_MS = 10 * 60_000;

/**
 * An APK or XAPK into the team's app library: uploaded once, then `app/upload` and its review followed
 * (`app/upload/status`: 0 uploading, 1 done, 2 failed, 3 not approved) until it is installable. `onStatus`
 * hears each look, so a window or CLI can say "in review".
 */
export async function uploadApp(
  d: Deps,
  file: { bytes: Buffer; name: string },
  desc: string,
  onStatus?: (status: 'uploading' | 'review') => void,
): Promise<AppVersion> {
  const type = extname(file.name).slice(1).toLowerCase();
  if (type !== 'apk' && type !== 'xapk')
    throw new ProviderError('INVALID_INPUT', t('err.appType', { type: type || '?' }));
  onStatus?.('uploading');
  const fileUrl = await upload(d, file);
  const task = (await d.client.call<{ taskId?: unknown }>('/open/v1/app/upload', { fileUrl, desc }, { safe: false }))
    ?.taskId;
  if (typeof task !== 'string') throw new ProviderError('BAD_RESPONSE', t('err.appUploadFailed'));
  const until = d.clock.now() + REVIEW_WAIT_MS;
  for (;;) {
    onStatus?.('review');
    await d.clock.sleep(REVIEW_LOOK_MS);
    const r = await d.client.call<Record<string, unknown>>(
      '/open/v1/app/upload/status',
      { taskId: task },
      { safe: true },
    );
    if (r?.status === 1 && typeof r.versionId === 'string')
      return { versionId: r.versionId, appId: String(r.appId ?? ''), appName: String(r.appName ?? file.name) };
    if (r?.status === 2) throw new ProviderError('APP_UPLOAD_FAILED', t('err.appUploadFailed'));
    if (r?.status === 3) throw new ProviderError('APP_NOT_APPROVED', t('err.appNotApproved'));
    if (d.clock.now() >= until) throw new ProviderError('TIMEOUT', t('err.appReviewTimeout'));
  }
}

/**
 * Installs a version on each phone, one phone per call (`app/install`): the batch endpoint is never used,
 * because without `groupIds` it acts on every running phone of the team.
 */
export function installApp(
  d: Deps,
  ids: readonly string[],
  versionId: string,
  hooks?: BatchHooks,
): Promise<PhoneOutcome[]> {
  return onePhonePerCall(d.client, '/open/v1/app/install', ids, (envId) => ({ envId, appVersionId: versionId }), hooks);
}

/** Uninstalls a package from each phone, one phone per call (`app/uninstall`). */
export function uninstallApp(
  d: Deps,
  ids: readonly string[],
  packageName: string,
  hooks?: BatchHooks,
): Promise<PhoneOutcome[]> {
  return onePhonePerCall(d.client, '/open/v1/app/uninstall', ids, (envId) => ({ envId, packageName }), hooks);
}
