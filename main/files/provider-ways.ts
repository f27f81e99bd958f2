import { basename } from 'node:path';
import { t } from '../../common/i18n/i18n';
import type { FileWhat } from '../../common/files';
import { CAPABILITY_FOR, type FileAction } from '../../common/phone';
import type { BatchHooks, CloudPhoneProvider, PhoneOutcome } from '../providers/types';
import type { Held } from './held-sources';

/** How one account does the action on its phones; `held` is what the account already has of the file or app. */
export type Each = (
  provider: CloudPhoneProvider,
  ids: string[],
  hooks: BatchHooks,
  held: Held,
) => Promise<PhoneOutcome[]>;

/** Why a provider does not take it this way, and how it does: CPH reads from OBS, GeeLark takes files and URLs. */
export function wrongWay(action: FileAction, what: FileWhat, provider: CloudPhoneProvider): string {
  if (!provider.capabilities[CAPABILITY_FOR[action]]) return t('result.unsupported', { action: t(`action.${action}`) });
  const push = action === 'push';
  if (what.kind === 'obs') return t(push ? 'err.pushObsGeeLark' : 'err.appObsGeeLark');
  return t(push ? 'err.pushHuawei' : 'err.appHuawei');
}

/** How this provider does the action with this thing, or null when it takes it another way. */
export function how(
  action: FileAction,
  what: FileWhat,
  local: { bytes: Buffer; name: string } | null,
  p: CloudPhoneProvider,
): Each | null {
  if (!p.capabilities[CAPABILITY_FOR[action]]) return null;
  switch (what.kind) {
    case 'obs':
      if (!p.command) return null;
      return (pr, ids, hooks) =>
        pr.command!(
          ids,
          action === 'push' ? 'push' : 'install',
          action === 'push' ? what.path : `-r ${what.path}`,
          hooks,
        );
    case 'file':
    case 'url': {
      const source = local ?? (what.kind === 'url' ? { url: what.url } : null);
      if (!source) return null;
      if (action === 'push')
        return p.pushFile && 'bytes' in source
          ? async (pr, ids, hooks, held) => {
              // Already with GeeLark (a retry of the failed phones): pushed from there, nothing uploaded again.
              const url = held.get();
              const r = await pr.pushFile!(ids, url ? { resourceUrl: url } : source, hooks);
              if (r.resourceUrl) held.set(r.resourceUrl);
              if (r.outcomes.some((o) => !o.ok && o.code === '60003')) held.clear();
              return r.outcomes;
            }
          : null;
      if (!p.uploadApp || !p.installApp) return null;
      return async (pr, ids, hooks, held) => {
        // A version already in the team's library (a retry) is installed as it is: no upload, no review.
        const versionId = held.get() ?? (await pr.uploadApp!(source, appDesc(what))).versionId;
        held.set(versionId);
        const outcomes = await pr.installApp!(ids, versionId, hooks);
        if (outcomes.some((o) => !o.ok && o.code === '42006')) held.clear();
        return outcomes;
      };
    }
    case 'package':
      if (action === 'uninstall')
        return p.uninstallApp
          ? (pr, ids, hooks) => pr.uninstallApp!(ids, what.name, hooks)
          : p.command
            ? (pr, ids, hooks) => pr.command!(ids, 'uninstall', what.name, hooks)
            : null;
      return p.controlApp
        ? (pr, ids, hooks) => pr.controlApp!(ids, action === 'appStart' ? 'start' : 'stop', what.name, hooks)
        : null;
  }
}

/** GeeLark's library lists an upload by its description: the file's name without its extension. */
function appDesc(what: Extract<FileWhat, { kind: 'file' | 'url' }>): string {
  return basename(what.kind === 'url' ? new URL(what.url).pathname : what.path).replace(/\.x?apk$/i, '');
}
