import type { Policy, PolicyScope } from '../../../common/policy';
import { describeDays } from '../../../common/weekdays';
import { i18n, t } from '../../../common/i18n/i18n';

/** A policy in a sentence, for the Autopilot tab and the team's policies in Settings. */
function describeScope(scope: PolicyScope, label: (id: string) => string): string {
  const parts = [
    scope.accountId && label(scope.accountId),
    scope.group && t('policy.scope.group', { name: scope.group }),
    scope.tag && t('policy.scope.tag', { name: scope.tag }),
  ].filter((part): part is string => !!part);
  return parts.length ? i18n().items(parts) : t('policy.scope.all');
}

/** Two decimals, no currency: a budget is in the account's own currency, and both languages write "12.50". */
const amount = (n: number) => n.toFixed(2);

export function describePolicy(p: Policy, label: (id: string) => string): string {
  switch (p.kind) {
    case 'idleStop':
      return t('policy.describe.idle', { n: p.idleMinutes, scope: describeScope(p.scope, label) });
    case 'runningHours':
      return t('policy.describe.hours', { n: p.hours, scope: describeScope(p.scope, label) });
    case 'schedule':
      return t('policy.describe.schedule', {
        action: p.action,
        time: p.time,
        days: describeDays(p.weekdays),
        scope: describeScope(p.scope, label),
      });
    case 'budget':
      return t('policy.describe.budget', {
        account: label(p.accountId),
        warn: amount(p.warnAt),
        stop: p.stopAt === null ? 'none' : amount(p.stopAt),
        asking: p.act ? 'no' : 'yes',
      });
  }
}
