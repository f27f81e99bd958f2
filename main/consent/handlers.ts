import type { consentChannels } from '../../common/contract/consent';
import type { StartOptions } from '../../common/start-options';
import type { HandlersFor } from '../kernel/dispatch';
import type { ConsentGate } from './consent-gate';

/** The window plans, shows the plan when it needs a person (or spares kept phones), then runs exactly it. */
export function createConsentHandlers(s: {
  gate: ConsentGate;
  defaultStartOptions: () => StartOptions;
}): HandlersFor<typeof consentChannels> {
  return {
    'consent:plan': async ({ action, keys, includeKept, fromLink }) =>
      s.gate.plan({ source: fromLink ? 'link' : 'window', action, keys, includeKept }),
    'consent:run': async ({ planId, confirmed, options, open }) => {
      const plan = s.gate.take(planId);
      if (open) return { jobId: null, opened: await s.gate.executeByOpening(plan, confirmed) };
      return { jobId: s.gate.execute(plan, confirmed, options ?? s.defaultStartOptions()) };
    },
  };
}
