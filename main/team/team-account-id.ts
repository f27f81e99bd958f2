import { createHash } from 'node:crypto';
import type { ProviderAccount } from '../providers/types';

/**
 * An account's id in a team, the same on every node that holds the same key, without naming the key: a
 * hash of what identifies the login (GeeLark's app id or token, Huawei's access key or user, with the
 * region and the API's address). Two desktops and a server holding one key so agree on one lease, and so on
 * one caller, without anyone typing an id.
 */
export function teamAccountId(account: ProviderAccount, secret: Readonly<Record<string, string>>): string {
  const who =
    account.auth === 'key'
      ? account.appId
      : account.auth === 'token'
        ? secret.token
        : account.auth === 'aksk'
          ? account.ak
          : `${account.domainName}/${account.userName}`;
  const identity = [account.provider, account.auth, who ?? '', account.region ?? '', account.baseUrl ?? ''].join('\n');
  return `${account.provider}-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}
