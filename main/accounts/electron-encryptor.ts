import { safeStorage } from 'electron';
import { t } from '../../common/i18n/i18n';
import type { Encryptor } from './secret-vault';

/** The OS keychain through safeStorage's async API (the sync one is deprecated in Electron 45). */
export const electronEncryptor: Encryptor = {
  async unavailableReason() {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return t('err.keychainMissing');
    // On Linux without a keyring Electron falls back to a hard-coded key: that is plaintext in disguise.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return t('err.keychainPlain');
    }
    return null;
  },
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform),
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: (cipher) => safeStorage.decryptStringAsync(cipher),
};
