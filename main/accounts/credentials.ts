import type { Credentials } from '../../common/contract';
import type { SecretFields } from './secret-vault';
import type { AccountRecord as StoredAccount } from './account-settings';

/** Splits what the user typed into what may be stored in clear and what must be encrypted. */
export function splitCredentials(
  id: string,
  label: string,
  c: Credentials,
): { account: StoredAccount; secret: SecretFields } {
  const base = { id, label, provider: c.provider, auth: c.auth, demo: false, baseUrl: c.baseUrl } as const;
  switch (c.auth) {
    case 'token':
      return { account: { ...base }, secret: { token: c.token } };
    case 'key':
      return { account: { ...base, appId: c.appId }, secret: { apiKey: c.apiKey } };
    case 'aksk':
      return {
        account: { ...base, ak: c.ak, region: c.region, projectId: c.projectId, iamUrl: c.iamUrl },
        secret: { sk: c.sk },
      };
    case 'password':
      return {
        account: {
          ...base,
          domainName: c.domainName,
          userName: c.userName,
          region: c.region,
          projectId: c.projectId,
          iamUrl: c.iamUrl,
        },
        secret: { password: c.password },
      };
  }
}

/** Two stored accounts are the same login when their non-secret identifiers match (token mode has none). */
export function sameIdentity(a: StoredAccount, b: StoredAccount): boolean {
  if (a.provider !== b.provider || a.auth !== b.auth || (a.baseUrl ?? '') !== (b.baseUrl ?? '')) return false;
  switch (a.auth) {
    case 'key':
      return a.appId === b.appId;
    case 'aksk':
      return a.ak === b.ak && a.region === b.region;
    case 'password':
      return a.domainName === b.domainName && a.userName === b.userName && a.region === b.region;
    default:
      return false;
  }
}
