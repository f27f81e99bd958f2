import { Fleet } from '../../main/fleet/fleet';
import type { CloudPhoneProvider } from '../../main/providers/types';
import { systemClock } from '../../main/kernel/clock';
import { createLogger, SecretRegistry } from '../../main/kernel/redact';

/** A fleet over one account's provider on the real clock, emitting and logging nowhere. */
export function oneAccountFleet(provider: CloudPhoneProvider, accountId = 'g') {
  const accounts = { providers: () => [{ accountId, provider }], provider: () => provider };
  const fleet = new Fleet({
    accounts,
    clock: systemClock,
    emit: () => undefined,
    log: createLogger(new SecretRegistry(), () => undefined),
  });
  return { fleet, accounts };
}
