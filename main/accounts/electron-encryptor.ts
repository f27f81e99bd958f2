import { safeStorage } from 'electron';
import type { Encryptor } from './secret-vault';

/** The OS keychain through safeStorage's async API (the sync one is deprecated in Electron 45). */
export const electronEncryptor: Encryptor = {
  async unavailableReason() {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'the system keychain is not available';
    // On Linux without a keyring Electron falls back to a hard-coded key: that is plaintext in disguise.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'no keyring (GNOME Keyring or KWallet) is running, so the key would be stored as plain text';
    }
    return null;
  },
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform),
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: (cipher) => safeStorage.decryptStringAsync(cipher),
};
