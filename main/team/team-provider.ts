import { t } from '../../common/i18n/i18n';
import { phoneKey, splitPhoneKey, type ProviderKind, type ProviderCapabilities } from '../../common/phone';
import type { StartOptions } from '../../common/start-options';
import { describeError, ProviderError } from '../kernel/errors';
import { RateLimiter } from '../providers/plumbing/rate-limiter';
import type {
  BatchHooks,
  CloudPhoneProvider,
  PhoneOutcome,
  PhonePage,
  ProviderPhone,
  StatusReading,
} from '../providers/types';
import { systemClock } from '../kernel/clock';
import type { TeamLink } from './team-link';
import { teamBilling, teamStatus } from './team-sql';

/**
 * A provider account as a desktop in a team sees it: reads come from the team's list (published by the
 * account's leader), actions are jobs the leader runs. The desktop never calls the provider for a team
 * account itself, so however many desktops are open, the account has one caller and one limiter.
 */
export class TeamProvider implements CloudPhoneProvider {
  readonly listHidesExpiry = false;
  /** Never used for a call (the leader paces the provider); it answers "not locked" to Settings. */
  readonly limiter = new RateLimiter(systemClock, { perMinute: 1_000_000, maxConcurrent: 1_000 });
  readonly batchSize = 20_000;
  readonly capabilities: ProviderCapabilities;

  constructor(
    private readonly link: TeamLink,
    /** The account's id in the team (the same on every node). */
    private readonly teamAccountId: string,
    readonly kind: ProviderKind,
    capabilities: ProviderCapabilities,
    private readonly origin: string | null,
    private readonly source: () => string = () => 'window',
  ) {
    // A team's jobs carry power actions; files and apps would have this desktop call the provider beside the
    // account's one leader, so they are not offered for team accounts (the plan says so per phone). Screens
    // stay as the provider has them: the wall says a team account's tiles come from its leader only.
    this.capabilities = { ...capabilities, files: false, apps: false };
  }

  viewerOrigin(): string | null {
    return this.origin;
  }

  private mine() {
    if (!this.link.online) throw new ProviderError('TEAM_OFFLINE', t('team.offlineReadOnly'));
    return [...this.link.phones.values()].filter((p) => p.accountId === this.teamAccountId && p.status !== 'gone');
  }

  async testConnection(): Promise<void> {
    this.mine();
  }

  async listPage(page: number): Promise<PhonePage> {
    const all = await this.listAll();
    return { phones: page === 1 ? all : [], total: all.length };
  }

  async listAll(_signal?: AbortSignal, onPage?: (page: PhonePage) => void): Promise<ProviderPhone[]> {
    const phones = this.mine().map((p) => {
      return {
        id: splitPhoneKey(p.key).id,
        name: p.name,
        serialNo: '',
        group: p.group,
        tags: p.tags,
        remark: '',
        status: teamStatus(p.status),
        statusDetail: '',
        billing: teamBilling(p.billing),
      };
    });
    onPage?.({ phones, total: phones.length });
    return phones;
  }

  async status(ids: readonly string[]): Promise<StatusReading[]> {
    this.mine();
    return ids.map((id) => {
      const p = this.link.phones.get(phoneKey(this.teamAccountId, id));
      return !p || p.status === 'gone'
        ? { id, found: false as const }
        : {
            id,
            found: true as const,
            status: teamStatus(p.status),
            statusDetail: '',
          };
    });
  }

  start(ids: readonly string[], options: StartOptions, hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.act('start', ids, hooks, options);
  }
  stop(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.act('stop', ids, hooks);
  }
  delete(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.act('delete', ids, hooks);
  }
  restart(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.act('restart', ids, hooks);
  }
  reset(ids: readonly string[], hooks?: BatchHooks): Promise<PhoneOutcome[]> {
    return this.act('reset', ids, hooks);
  }

  /** One job for the whole batch; every phone gets the leader's outcome, or the plain reason it has none. */
  private async act(action: string, ids: readonly string[], hooks?: BatchHooks, options?: StartOptions) {
    const keys = ids.map((id) => phoneKey(this.teamAccountId, id));
    let outcomes: PhoneOutcome[];
    try {
      const job = await this.link.run({ accountId: this.teamAccountId, action, keys, options, source: this.source() });
      const byKey = new Map(job.outcomes.map((o) => [o.key, o]));
      outcomes = await Promise.all(
        ids.map(async (id, i): Promise<PhoneOutcome> => {
          const o = byKey.get(keys[i]);
          if (!o)
            return job.done
              ? { id, ok: false, code: 'UNCONFIRMED', message: t('team.noOutcome') }
              : { id, ok: false, code: 'OUTCOME_UNKNOWN', message: t('team.stillQueued'), maybeApplied: true };
          if (!o.ok)
            return { id, ok: false, code: o.code as PhoneOutcome & string, message: o.message } as PhoneOutcome;
          // A viewer needs the URL of a phone just started: a few phones (windows), never a fleet's worth.
          const url = action === 'start' && ids.length <= 24 ? await this.link.viewerUrl(job.id, keys[i]) : null;
          return { id, ok: true, ...(url ? { url } : {}) };
        }),
      );
    } catch (e) {
      const { code, message } = describeError(e);
      const maybeApplied = e instanceof ProviderError && e.maybeApplied;
      outcomes = ids.map((id) => ({ id, ok: false as const, code, message, maybeApplied }));
    }
    hooks?.onOutcomes?.(outcomes);
    return outcomes;
  }
}
