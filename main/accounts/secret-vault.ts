import { ProviderError } from '../kernel/errors';
import { t } from '../../common/i18n/i18n';
import type { SecretRegistry } from '../kernel/redact';
import type { AccountSettings } from './account-settings';

/** The OS keychain as a port; the Electron adapter wraps safeStorage's async API. */
export interface Encryptor {
  /** Null when strong encryption is available, otherwise why not (e.g. Linux "basic_text" backend). */
  unavailableReason(): Promise<string | null>;
  backend(): string;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(cipher: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export type SecretFields = Record<string, string>;

/**
 * Secrets encrypted at rest, readable only inside main. There is deliberately no way to send them to
 * the renderer: the IPC contract has no channel that returns a secret.
 */
export class SecretVault {
  constructor(
    private readonly settings: AccountSettings,
    private readonly encryptor: Encryptor,
    private readonly registry: SecretRegistry,
  ) {}

  async put(accountId: string, secret: SecretFields): Promise<void> {
    const reason = await this.encryptor.unavailableReason();
    // Refuse rather than write a key in plaintext.
    if (reason) throw new ProviderError('NO_ENCRYPTION', t('err.noEncryption', { reason }));
    const cipher = await this.encryptor.encrypt(JSON.stringify(secret));
    this.registry.add(...Object.values(secret));
    this.settings.update((s) => {
      s.secrets[accountId] = cipher.toString('base64');
      s.secretBackend = this.encryptor.backend();
    });
  }

  async get(accountId: string): Promise<SecretFields> {
    const stored = this.settings.get().secrets[accountId];
    if (!stored) throw new ProviderError('NO_SECRET', t('err.noSecret'));
    let plain: { result: string; shouldReEncrypt: boolean };
    try {
      plain = await this.encryptor.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      // A locked keychain must not look like "no key": the ciphertext stays so nothing is lost.
      throw new ProviderError('DECRYPT_FAILED', t('err.decryptFailed'));
    }
    const secret = JSON.parse(plain.result) as SecretFields;
    this.registry.add(...Object.values(secret));
    if (plain.shouldReEncrypt) await this.put(accountId, secret);
    return secret;
  }

  /** A secret that is not stored here (the demo's) is still kept out of every log line. */
  track(secret: SecretFields): void {
    this.registry.add(...Object.values(secret));
  }

  remove(accountId: string): void {
    this.settings.update((s) => {
      delete s.secrets[accountId];
    });
  }
}
