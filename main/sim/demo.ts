import type { DemoCredentials } from '../accounts/accounts';
import type { SecretFields } from '../accounts/secret-vault';
import type { AccountRecord as StoredAccount } from '../accounts/account-settings';
import { GeeLarkSim } from './geelark-sim';
import { HuaweiSim } from './huawei-sim';

export const DEMO_GEELARK_ID = 'demo_geelark';
export const DEMO_HUAWEI_ID = 'demo_huawei';

/**
 * The demo workspace: both simulators started on demand inside main, with credentials that exist only
 * for this run. Demo accounts store no secret; their endpoints are filled in at launch.
 */
export class DemoWorkspace implements DemoCredentials {
  private started: Promise<{ geelark: GeeLarkSim; huawei: HuaweiSim }> | null = null;

  constructor(
    private readonly opts: {
      geelarkPhones?: number;
      huaweiPhones?: number;
      startDelayMs?: number;
      jobDelayMs?: number;
    } = {},
  ) {}

  sims(): Promise<{ geelark: GeeLarkSim; huawei: HuaweiSim }> {
    this.started ??= (async () => {
      const geelark = new GeeLarkSim({
        phones: this.opts.geelarkPhones ?? 60,
        startDelayMs: this.opts.startDelayMs ?? 4_000,
        stopDelayMs: Math.min(2_000, this.opts.startDelayMs ?? 2_000),
      });
      const huawei = new HuaweiSim({ phones: this.opts.huaweiPhones ?? 16, jobDelayMs: this.opts.jobDelayMs ?? 5_000 });
      await Promise.all([geelark.listen(), huawei.listen()]);
      return { geelark, huawei };
    })();
    return this.started;
  }

  async demoAccounts(): Promise<StoredAccount[]> {
    return [
      { id: DEMO_GEELARK_ID, provider: 'geelark', label: 'Demo GeeLark team', auth: 'token', demo: true },
      {
        id: DEMO_HUAWEI_ID,
        provider: 'huawei',
        label: 'Demo Huawei CPH (cn-north-4)',
        auth: 'aksk',
        demo: true,
        region: 'cn-north-4',
      },
    ];
  }

  async credentialsFor(account: StoredAccount): Promise<{ account: StoredAccount; secret: SecretFields }> {
    const { geelark, huawei } = await this.sims();
    if (account.provider === 'geelark') {
      return { account: { ...account, baseUrl: geelark.url }, secret: { token: geelark.opts.token } };
    }
    return {
      account: {
        ...account,
        ak: huawei.opts.ak,
        baseUrl: huawei.url,
        iamUrl: huawei.url,
        region: 'cn-north-4' as const,
      },
      secret: { sk: huawei.opts.sk },
    };
  }

  async close(): Promise<void> {
    if (!this.started) return;
    const { geelark, huawei } = await this.started;
    await Promise.all([geelark.close(), huawei.close()]);
  }
}
