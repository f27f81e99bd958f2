import { t } from '../../common/i18n/i18n';
import { ProviderError } from '../kernel/errors';

/** The shell line that starts (its launcher activity) or force-stops a package: the same on both providers. */
export function appCommand(verb: 'start' | 'stop', packageName: string): string {
  if (!/^[A-Za-z][\w.]{0,199}$/.test(packageName)) throw new ProviderError('INVALID_INPUT', t('err.cphPackage'));
  return verb === 'start'
    ? `monkey -p ${packageName} -c android.intent.category.LAUNCHER 1`
    : `am force-stop ${packageName}`;
}
