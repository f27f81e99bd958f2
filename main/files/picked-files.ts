import { randomBytes } from 'node:crypto';
import { t } from '../../common/i18n/i18n';
import { ProviderError } from '../kernel/errors';

const KEPT = 20;

/**
 * Files a person picked in main's own file dialog, by an opaque id: the window gets the id, the name and the
 * size, never a path to hand back. So a window (even a compromised one) can only send files a person chose
 * in this session, not read any file it names.
 */
export class PickedFiles {
  private readonly picks = new Map<string, string>();

  add(path: string): string {
    const id = `pick_${randomBytes(8).toString('hex')}`;
    this.picks.set(id, path);
    for (const old of [...this.picks.keys()].slice(0, -KEPT)) this.picks.delete(old);
    return id;
  }

  path(id: string): string {
    const path = this.picks.get(id);
    if (!path) throw new ProviderError('PICK_EXPIRED', t('err.pickExpired'));
    return path;
  }
}
