import { ConsentGate } from '../consent/consent-gate';
import type { SpendTracker } from '../autopilot/spend';
import type { Autopilot } from '../autopilot/autopilot';
import { composeAutopilot } from './compose-autopilot';
import type { AppCoreDeps, Composed } from './deps';

/**
 * The consent gate every door acts through, reading the same marks, viewers, prices and rules for all of
 * them. `busy` is late-bound: the autopilot, composed after, owns the evidence of phones busy with tasks.
 */
export function composeConsent(
  deps: AppCoreDeps,
  k: Pick<Composed, 'settings' | 'fleet' | 'sessions' | 'accounts' | 'team' | 'files'>,
  spend: () => SpendTracker | null,
  busy: () => ReadonlySet<string>,
) {
  return new ConsentGate({
    clock: deps.clock,
    phones: () => k.fleet.all(),
    phone: (key) => k.fleet.get(key),
    capabilities: (accountId) => k.accounts.provider(accountId)?.capabilities ?? null,
    accountLabels: () => new Map(k.accounts.summaries().map((a) => [a.id, a.label])),
    favorites: () => k.settings.get().favorites,
    keepRunning: () => k.settings.get().autopilot.keepRunning,
    openViewers: () => k.sessions.openKeys(),
    heldByOthers: () => k.team.heldByOthers(),
    busy,
    price: (accountId) => spend()?.priceIn(accountId) ?? null,
    rules: () => k.settings.get().consent,
    run: (action, keys, options, source) => k.fleet.runBulk(action, keys, options, source),
    runFiles: (action, keys, source, what) => k.files.run(action, keys, source, what),
    takesFiles: (accountId, action, what) => k.files.takes(accountId, action, what),
    waitForJob: (jobId) => k.fleet.waitForJob(jobId),
    startAndOpen: (keys, source) => k.sessions.open(keys, source),
    startOptions: () => k.settings.get().defaultStartOptions,
  });
}

/** The gate, then spend and the autopilot, which act through it (the gate reads their prices and evidence). */
export function composePolicies(
  deps: AppCoreDeps,
  k: Pick<Composed, 'settings' | 'log' | 'events' | 'fleet' | 'sessions' | 'accounts' | 'ledger' | 'team' | 'files'>,
) {
  let spendRef: SpendTracker | null = null;
  let autopilotRef: Autopilot | null = null;
  const gate = composeConsent(
    deps,
    k,
    () => spendRef,
    () => autopilotRef?.busyKeys() ?? new Set(),
  );
  const { spend, autopilot } = composeAutopilot(deps, { ...k, gate });
  spendRef = spend;
  autopilotRef = autopilot;
  return { gate, spend, autopilot };
}
