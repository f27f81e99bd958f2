import type { RunningTotals } from '../../common/activity';
import type { AutopilotSettings, AutopilotState } from '../../common/policy';
import { t } from '../../common/i18n/i18n';
import type { Autopilot } from './autopilot';
import { dryRunPolicy } from './dry-run';
import type { SpendTracker } from './spend';
import { ProviderError } from '../kernel/errors';
import type { HandlersFor } from '../kernel/dispatch';
import type { autopilotChannels } from '../../common/contract/autopilot';

/** The spend and policy requests (inputs arrive validated by the dispatcher). */
export function createAutopilotHandlers(s: {
  ledger: { runningTotals(from: number, to: number): RunningTotals };
  spend: SpendTracker;
  autopilot: Autopilot;
  settings: { update(change: (s: { autopilot: AutopilotSettings }) => void): unknown };
  now: () => number;
}): HandlersFor<typeof autopilotChannels> {
  const change = (fn: (a: AutopilotSettings) => void): AutopilotState => {
    s.settings.update((cur) => fn(cur.autopilot));
    return s.autopilot.state();
  };
  return {
    'spend:get': async ({ refresh }) => {
      if (refresh) await s.spend.refreshBilling({ force: true });
      return s.spend.summaries();
    },
    'spend:setPrice': async ({ accountId, price }) => {
      s.settings.update((cur) => {
        if (price === null) delete cur.autopilot.prices[accountId];
        else cur.autopilot.prices[accountId] = price;
      });
      return s.spend.summaries();
    },
    'spend:breakdown': async ({ period }) => s.spend.breakdown(period),
    'spend:history': async () => s.spend.history(),
    'spend:phones': async () => s.spend.phoneCosts(),
    'autopilot:get': async () => s.autopilot.state(),
    'autopilot:save': async ({ policy }) =>
      change((a) => {
        const i = a.policies.findIndex((p) => p.id === policy.id);
        if (i >= 0) a.policies[i] = policy;
        else a.policies.push(policy);
        // A new or edited schedule starts from now: it does not act on a time that already passed.
        a.lastRuns[policy.id] = s.now();
      }),
    'autopilot:remove': async ({ id }) =>
      change((a) => {
        a.policies = a.policies.filter((p) => p.id !== id);
        delete a.lastRuns[id];
      }),
    'autopilot:pause': async ({ paused }) => change((a) => void (a.paused = paused)),
    'autopilot:dryRun': async ({ policy }) => dryRunPolicy(s.autopilot, policy),
    'autopilot:snooze': async ({ pendingId }) => {
      if (!s.autopilot.snooze(pendingId)) throw new ProviderError('NOT_FOUND', t('err.stopGone'));
      return s.autopilot.state();
    },
    'autopilot:stopNow': async ({ pendingId }) => {
      if (!(await s.autopilot.stopNow(pendingId))) throw new ProviderError('NOT_FOUND', t('err.stopGone'));
      return s.autopilot.state();
    },
    'autopilot:keepRunning': async ({ key, keep }) =>
      change((a) => {
        a.keepRunning = keep ? [...new Set([...a.keepRunning, key])] : a.keepRunning.filter((k) => k !== key);
      }),
  };
}
