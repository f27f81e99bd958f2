import { isCredentialSafeUrl } from '../../common/hosts';
import { t } from '../../common/i18n/i18n';
import type { ProviderFactory } from './types';
import { ProviderError } from '../kernel/errors';
import type { Clock } from '../kernel/clock';
import type { FetchLike } from './plumbing/http';
import { GeeLarkProvider } from './geelark/provider';
import { HuaweiProvider } from './huawei/provider';

/** Builds the provider for a stored account and its decrypted secret. */
export function createProviderFactory(deps: {
  fetch: FetchLike;
  clock: Clock;
  huaweiJobPollMs?: number;
}): ProviderFactory {
  return (account, secret) => {
    // A settings file edited by hand (or from an older version) must not make a key travel in clear.
    for (const url of [account.baseUrl, account.iamUrl]) {
      if (url && !isCredentialSafeUrl(url)) {
        throw new ProviderError('INSECURE_URL', t('err.insecureUrl', { url }));
      }
    }
    if (account.provider === 'geelark') {
      const auth =
        account.auth === 'token'
          ? { mode: 'token' as const, token: secret.token }
          : { mode: 'key' as const, appId: account.appId ?? '', apiKey: secret.apiKey };
      return new GeeLarkProvider({ auth, baseUrl: account.baseUrl, fetch: deps.fetch, clock: deps.clock });
    }
    const auth =
      account.auth === 'aksk'
        ? { mode: 'aksk' as const, ak: account.ak ?? '', sk: secret.sk }
        : {
            mode: 'password' as const,
            domainName: account.domainName ?? '',
            userName: account.userName ?? '',
            password: secret.password,
          };
    return new HuaweiProvider({
      auth,
      region: account.region ?? 'cn-north-4',
      projectId: account.projectId,
      endpoints: {
        ...(account.baseUrl ? { cph: account.baseUrl } : {}),
        ...(account.iamUrl ? { iam: account.iamUrl } : {}),
      },
      fetch: deps.fetch,
      clock: deps.clock,
      jobPollMs: deps.huaweiJobPollMs,
    });
  };
}
