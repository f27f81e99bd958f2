import { systemClock, type Clock } from '../../main/kernel/clock';
import { HuaweiProvider } from '../../main/providers/huawei/provider';
import { HuaweiSim, type HuaweiSimOptions } from '../../main/sim/huawei-sim';

/** A listening Huawei simulator (CPH and IAM on one port) and a provider pointed at it. */
export async function huaweiPair(
  opts: {
    sim?: HuaweiSimOptions;
    clock?: Clock;
    auth?: 'aksk' | 'password';
    projectId?: string;
    timeoutMs?: number;
  } = {},
) {
  const sim = new HuaweiSim({ jobDelayMs: 20, ...opts.sim });
  const url = await sim.listen();
  const auth =
    opts.auth === 'password'
      ? {
          mode: 'password' as const,
          domainName: sim.opts.domainName,
          userName: sim.opts.userName,
          password: sim.opts.password,
        }
      : { mode: 'aksk' as const, ak: sim.opts.ak, sk: sim.opts.sk };
  const provider = new HuaweiProvider({
    auth,
    region: sim.opts.region,
    projectId: opts.projectId,
    endpoints: { cph: url, iam: url },
    fetch,
    clock: opts.clock ?? systemClock,
    jobPollMs: 10,
    timeoutMs: opts.timeoutMs ?? 2_000,
  });
  return { sim, provider, url, close: () => sim.close() };
}
