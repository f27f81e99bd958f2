import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { filesChannels, FileWhatInput } from '../../common/contract/files';
import type { FileWhat } from '../../common/files';
import { t } from '../../common/i18n/i18n';
import type { FileAction } from '../../common/phone';
import type { HandlersFor } from '../kernel/dispatch';
import { ProviderError } from '../kernel/errors';
import type { FileActions } from './file-actions';
import { subjectOf } from './file-what';
import type { PickedFiles } from './picked-files';

/** The window picks a file through main's own dialog; it gets an id, a name and a size, never a path. */
export function createFilesHandlers(s: {
  picks: PickedFiles;
  choose: ((kind: 'app' | 'file', title: string) => Promise<string | null>) | null;
}): HandlersFor<typeof filesChannels> {
  return {
    'files:pick': async ({ kind }) => {
      if (!s.choose) throw new ProviderError('UNSUPPORTED', t('err.noFileDialog'));
      const path = await s.choose(kind, t(kind === 'app' ? 'files.pickApp' : 'files.pickFile'));
      if (!path) return null;
      const st = await stat(path);
      return { pickId: s.picks.add(path), name: basename(path), size: st.size };
    },
  };
}

/**
 * What a window's file or app plan acts with: a picked file becomes main's own path for that pick, the rest
 * is taken as given; then checked like the CLI's (a file there and not too large, an app's URL, a package).
 */
export async function windowFileWhat(
  files: FileActions,
  picks: PickedFiles,
  action: FileAction,
  input: FileWhatInput,
): Promise<{ what: FileWhat; subject: string }> {
  const what: FileWhat =
    'pickId' in input
      ? { kind: 'file', path: picks.path(input.pickId) }
      : 'obs' in input
        ? { kind: 'obs', path: input.obs }
        : 'url' in input
          ? { kind: 'url', url: input.url }
          : { kind: 'package', name: input.package };
  await files.check(action, what);
  return { what, subject: subjectOf(what) };
}
