import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { t } from '../../common/i18n/i18n';
import { takesPackage, type FileWhat } from '../../common/files';
import type { FileAction } from '../../common/phone';
import { ProviderError } from '../kernel/errors';

export { subjectOf, takesPackage, type FileWhat } from '../../common/files';

/** The largest file a push or an install takes (GeeLark's temporary files are meant for media and installers). */
export const MAX_PUSH_BYTES = 512 * 1024 * 1024;

const PACKAGE = /^[A-Za-z][\w.]{0,199}$/;

/** What the CLI or MCP typed, read as one of the four: an action on a package takes a name, others a source. */
export function whatFrom(action: FileAction, given: string): FileWhat {
  const text = given.trim();
  if (takesPackage(action)) {
    if (!PACKAGE.test(text)) throw new ProviderError('INVALID_INPUT', t('err.cphPackage'));
    return { kind: 'package', name: text };
  }
  if (text.startsWith('obs://')) return { kind: 'obs', path: text };
  if (/^https?:\/\//i.test(text)) return { kind: 'url', url: text };
  if (!isAbsolute(text)) throw new ProviderError('INVALID_INPUT', t('err.pushNoFile', { file: text }));
  return { kind: 'file', path: text };
}

/** A file on this computer to send must be a file Phonedeck can read, and not over the cap. */
export async function checkLocalFile(file: string): Promise<Stats> {
  const st = await stat(file).catch(() => null);
  if (!st?.isFile()) throw new ProviderError('INVALID_INPUT', t('err.pushNoFile', { file }));
  if (st.size > MAX_PUSH_BYTES) throw new ProviderError('TOO_LARGE', t('err.pushTooLarge', { file }));
  return st;
}

/**
 * Whether `what` fits the action, checked before anything is planned or sent: installs take an app (a file,
 * an OBS .apk, or an https URL of an .apk/.xapk), pushes a file or an OBS .tar, the rest a package name.
 */
export async function checkWhat(action: FileAction, what: FileWhat): Promise<void> {
  if (takesPackage(action) !== (what.kind === 'package'))
    throw new ProviderError('INVALID_INPUT', t('err.fileWhatMismatch'));
  if (what.kind === 'url' && (action !== 'install' || !/^https:\/\/[^/?#\s]+\/\S+\.x?apk([?#]\S*)?$/i.test(what.url)))
    throw new ProviderError('INVALID_INPUT', t('err.appUrl'));
  if (action === 'install' && (what.kind === 'file' || what.kind === 'obs') && !/\.x?apk$/i.test(what.path))
    throw new ProviderError('INVALID_INPUT', t('err.appFileType'));
  // CPH extracts a .tar into the phone's root: nothing else can be pushed from OBS.
  if (action === 'push' && what.kind === 'obs' && !/\.tar$/i.test(what.path))
    throw new ProviderError('INVALID_INPUT', t('err.cphObsTar'));
  if (what.kind === 'file') await checkLocalFile(what.path);
}
