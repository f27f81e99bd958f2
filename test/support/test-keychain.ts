import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Encryptor } from '../../main/accounts/secret-vault';

/** A real AES-256-GCM keychain with a per-process key: what safeStorage does, minus the OS. */
export function memoryKeychain(opts: { available?: boolean } = {}): Encryptor & { calls: number } {
  const key = randomBytes(32);
  const k = {
    calls: 0,
    async unavailableReason() {
      return opts.available === false ? 'no keyring is running, so the key would be stored as plain text' : null;
    },
    backend: () => 'test-aes-gcm',
    async encrypt(plain: string) {
      k.calls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(cipher: Buffer) {
      const d = createDecipheriv('aes-256-gcm', key, cipher.subarray(0, 12));
      d.setAuthTag(cipher.subarray(12, 28));
      return {
        result: Buffer.concat([d.update(cipher.subarray(28)), d.final()]).toString('utf8'),
        shouldReEncrypt: false,
      };
    },
  };
  return k;
}
