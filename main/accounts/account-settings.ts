import type { ProviderAccount } from '../providers/types';

/** An account as kept in the settings file: its non-secret fields (the secrets are encrypted apart). */
export interface AccountRecord extends ProviderAccount {
  id: string;
  label: string;
  /** Demo accounts talk to the built-in simulators. */
  demo: boolean;
}

/** The part of the settings accounts keep: the account list, the encrypted secrets and the demo offer. */
export interface AccountFields {
  accounts: AccountRecord[];
  /** accountId → base64 ciphertext from the OS keychain. */
  secrets: Record<string, string>;
  secretBackend: string | null;
  demoOffered: boolean;
}

/** The settings store as accounts see it (the settings feature's repo fits it; the root hands it over). */
export interface AccountSettings {
  get(): AccountFields;
  update(change: (s: AccountFields) => void): unknown;
}
