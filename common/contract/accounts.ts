import { z } from 'zod';
import { HUAWEI_REGIONS } from '../channels';
import { isCredentialSafeUrl } from '../hosts';
import { t, type MessageKey } from '../i18n/i18n';
import type { ProviderCapabilities, ProviderKind } from '../phone';
import { AccountIdSchema, channel, none } from './shared';

// Messages are functions: zod asks for them when validating, so they come in the language of that moment.
const secret = (label: MessageKey) =>
  z
    .string()
    .trim()
    .min(1, { error: () => t('err.required', { field: t(label) }) })
    .max(4096);
/** Where credentials may be sent: https, or plain http only to this computer (a local simulator). */
const httpUrl = z
  .string()
  .max(2048)
  .refine(isCredentialSafeUrl, { error: () => t('err.httpsOnly') });
const projectId = z
  .string()
  .regex(/^[0-9a-f]{32}$/i, 'project id is 32 hex characters')
  .optional();

export const CredentialsSchema = z.discriminatedUnion('auth', [
  z
    .object({
      provider: z.literal('geelark'),
      auth: z.literal('token'),
      token: secret('form.token'),
      baseUrl: httpUrl.optional(),
    })
    .strict(),
  z
    .object({
      provider: z.literal('geelark'),
      auth: z.literal('key'),
      appId: secret('form.appId'),
      apiKey: secret('form.apiKey'),
      baseUrl: httpUrl.optional(),
    })
    .strict(),
  z
    .object({
      provider: z.literal('huawei'),
      auth: z.literal('aksk'),
      ak: secret('form.ak'),
      sk: secret('form.sk'),
      region: z.enum(HUAWEI_REGIONS),
      projectId,
      baseUrl: httpUrl.optional(),
      iamUrl: httpUrl.optional(),
    })
    .strict(),
  z
    .object({
      provider: z.literal('huawei'),
      auth: z.literal('password'),
      domainName: secret('form.domainName'),
      userName: secret('form.userName'),
      password: secret('form.password'),
      region: z.enum(HUAWEI_REGIONS),
      projectId,
      baseUrl: httpUrl.optional(),
      iamUrl: httpUrl.optional(),
    })
    .strict(),
]);
export type Credentials = z.infer<typeof CredentialsSchema>;
export type AuthMode = Credentials['auth'];

export interface AccountSummary {
  id: string;
  provider: ProviderKind;
  label: string;
  auth: AuthMode;
  /** Demo accounts talk to the built-in simulator. */
  demo: boolean;
  capabilities: ProviderCapabilities;
  health: { state: 'ok' | 'error' | 'untested'; message: string };
  /** The provider locked the key (GeeLark 40014) until this time (epoch ms): nothing is sent before it. */
  lockedUntil: number | null;
  /** In a team: an account whose key is on another node; listed and acted on through the team only. */
  team?: boolean;
}

/** Provider accounts and the demo workspace (main/accounts). */
export const accountsChannels = {
  'accounts:list': channel(none).returns<AccountSummary[]>(),
  'accounts:add': channel(
    z
      .object({
        label: z
          .string()
          .trim()
          .min(1, { error: () => t('err.nameAccount') })
          .max(80),
        credentials: CredentialsSchema,
      })
      .strict(),
  ).returns<AccountSummary>(),
  'accounts:test': channel(z.object({ accountId: AccountIdSchema }).strict()).returns<AccountSummary>(),
  /** Stops the connection test in progress (adding or testing an account); nothing is saved. */
  'accounts:cancelTest': channel(none).returns<null>(),
  'accounts:remove': channel(z.object({ accountId: AccountIdSchema }).strict()).returns<AccountSummary[]>(),
  'demo:enable': channel(none).returns<AccountSummary[]>(),
} as const;

export interface AccountsEvents {
  'accounts:changed': AccountSummary[];
}
