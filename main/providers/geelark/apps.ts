import { extname } from 'node:path';
import { t } from '../../../common/i18n/i18n';
import type { Clock } from '../../kernel/clock';
import { ProviderError } from '../../kernel/errors';
import type { FetchLike } from '../plumbing/http';
import type { BatchHooks, PhoneOutcome } from '../types';
import type { GeeLarkClient } from './client';
import { upload } from './files';
import { onePhonePerCall } from './one-by-one';
import { appCommand } from '../app-command';

type Deps = { client: GeeLarkClient; fetch: FetchLike; clock: Clock };

/** An app version in the team's library, ready to install. */
export interface AppVersion {
  versionId: string;
  appId: string;
  appName: string;
}

/** An app to upload: a file from this computer, or a public https URL GeeLark fetches. */
export type AppSource = { bytes: Buffer; name: string } | { url: string };

const REVIEW_LOOK_MS = 2_000;
const REVIEW_WAIT_MS = 10 * 60_000;

/**
 * An APK or XAPK into the team's app library: uploaded once, then `app/upload` and its review followed
 * (`app/upload/status`: 0 uploading, 1 done, 2 failed, 3 not approved) until it is installable. `onStatus`
 * hears each look, so a window or CLI can say "in review".
 */
export async function uploadApp(
  d: Deps,
  file: AppSource,
  desc: string,
  onStatus?: (status: 'uploading' | 'review') => void,
): Promise<AppVersion> {
  const name = 'url' in file ? new URL(file.url).pathname : file.name;
  const type = extname(name).slice(1).toLowerCase();
  if (type !== 'apk' && type !== 'xapk')
    throw new ProviderError('INVALID_INPUT', t('err.appType', { type: type || '?' }));
  onStatus?.('uploading');
  // A public URL GeeLark fetches itself (nothing passes through this computer); a local file is PUT first.
  const fileUrl = 'url' in file ? file.url : await upload(d, file);
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
      return { versionId: r.versionId, appId: String(r.appId ?? ''), appName: String(r.appName ?? name) };
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

/** What `monkey` prints when the package has no launcher activity, that is, when it is not installed. */
const NOT_STARTED = /no activities found|monkey aborted/i;

/**
 * Starts or stops an app on each phone through `shell/execute` (one phone per call, paced). The batch
 * endpoint would start it on every running phone of a group, so it is not used for a selection. A start
 * counts as done only when monkey says it injected the launch; 50001 (no shell on Android 9 or 11) is said.
 */
export function controlApp(
  d: Deps,
  ids: readonly string[],
  verb: 'start' | 'stop',
  packageName: string,
  hooks?: BatchHooks,
): Promise<PhoneOutcome[]> {
  let cmd: string;
  try {
    cmd = appCommand(verb, packageName);
  } catch (e) {
    return Promise.reject(e);
  }
  return onePhonePerCall(
    d.client,
    '/open/v1/shell/execute',
    ids,
    (id) => ({ id, cmd }),
    hooks,
    (data, id) => {
      const r = data as { status?: unknown; output?: unknown } | null;
      const output = typeof r?.output === 'string' ? r.output : '';
      if (r?.status !== true) return { id, ok: false, code: 'SHELL_FAILED', message: t('err.appShellFailed') };
      if (verb === 'start' && NOT_STARTED.test(output))
        return { id, ok: false, code: 'APP_NOT_INSTALLED', message: t('err.appNotInstalled') };
      return { id, ok: true };
    },
  );
}
