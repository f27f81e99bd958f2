import { t } from '../../../common/i18n/i18n';

/** An OBS object path as CPH reads it: obs://bucket/key, no spaces or shell characters. */
const OBS = /^obs:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[^\s"'|;<>`$]+$/;

/**
 * Why CPH would refuse this command's content, checked before anything is sent (the same rules the API
 * reference gives): install takes `obs://bucket/path.apk` (flags such as -r allowed), uninstall a package
 * name, push `obs://bucket/path.tar`. Null when it may be sent.
 */
export function commandRefusal(command: 'install' | 'uninstall' | 'push' | 'shell', content: string): string | null {
  const words = content.trim().split(/\s+/).filter(Boolean);
  if (command === 'install') {
    const paths = words.filter((w) => !/^-[a-z]$/.test(w));
    return paths.length === 1 && OBS.test(paths[0]) && /\.apk$/i.test(paths[0]) ? null : t('err.cphObsApk');
  }
  // CPH's shell content: at most 1,024 bytes of letters, digits, _ . / : - and spaces (no quotes, pipes or =).
  if (command === 'shell')
    return Buffer.byteLength(content) <= 1_024 && /^[A-Za-z0-9_./:\- ]+$/.test(content) ? null : t('err.cphShell');
  if (command === 'push')
    return words.length === 1 && OBS.test(words[0]) && /\.tar$/i.test(words[0]) ? null : t('err.cphObsTar');
  return words.length === 1 && /^[A-Za-z][\w.]{0,199}$/.test(words[0]) ? null : t('err.cphPackage');
}
