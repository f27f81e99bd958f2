import type { AccountSummary } from '../../common/contract';
import type { ControlFilter, ControlPhone } from '../../common/control';
import { pushTo } from '../kernel/collections';
import type { Phone } from '../../common/phone';
import { ProviderError } from '../kernel/errors';

export function toControlPhone(p: Phone, labels: ReadonlyMap<string, string>): ControlPhone {
  return {
    key: p.key,
    id: p.id,
    name: p.name,
    account: labels.get(p.accountId) ?? p.accountId,
    status: p.status,
    group: p.group,
    tags: p.tags,
  };
}

/**
 * Phones by key, id or name, through maps built once per request: 10,000 names resolve in milliseconds,
 * never by scanning the fleet once per name (which held main's event loop for seconds).
 */
export class PhoneLookup {
  private readonly byKey = new Map<string, Phone>();
  private readonly byId = new Map<string, Phone[]>();
  private readonly byName = new Map<string, Phone[]>();
  private readonly byLowerName = new Map<string, Phone[]>();

  constructor(
    readonly all: readonly Phone[],
    readonly labels: ReadonlyMap<string, string>,
  ) {
    for (const p of all) {
      this.byKey.set(p.key, p);
      pushTo(this.byId, p.id, p);
      pushTo(this.byName, p.name, p);
      pushTo(this.byLowerName, p.name.toLowerCase(), p);
    }
  }

  /** One phone for a key, id or name, or why not: not found, or a name two phones share (listing both). */
  find(n: string): { phone: Phone } | { error: ProviderError } {
    const byKey = this.byKey.get(n);
    if (byKey) return { phone: byKey };
    const found = this.byId.get(n) ?? this.byName.get(n) ?? this.byLowerName.get(n.toLowerCase()) ?? [];
    if (found.length === 1) return { phone: found[0] };
    if (!found.length) return { error: new ProviderError('NOT_FOUND', `No phone is called or numbered "${n}"`) };
    const error = new ProviderError(
      'AMBIGUOUS',
      `"${n}" names ${found.length} phones; use one of their keys: ${found.map((p) => p.key).join(', ')}`,
    );
    return { error: Object.assign(error, { matches: found.map((p) => toControlPhone(p, this.labels)) }) };
  }

  /** Every name resolved, or the first that is not (with its matches when ambiguous). */
  resolveAll(names: readonly string[]): Phone[] {
    return names.map((n) => {
      const r = this.find(n);
      if ('error' in r) throw r.error;
      return r.phone;
    });
  }

  /**
   * Phones matching a filter: every field given must match, and a field given several times matches any of
   * its values (`--status running --status stopped`). An unknown account is an error.
   */
  matching(f: ControlFilter, accounts: AccountSummary[]): Phone[] {
    const list = (v: string | string[] | undefined) => (v === undefined ? null : Array.isArray(v) ? v : [v]);
    const accountIds = list(f.account)?.map((name) => {
      const account = accounts.find((a) => a.id === name || a.label === name);
      if (!account) throw new ProviderError('NOT_FOUND', `No account is called "${name}"`);
      return account.id;
    });
    const statuses = list(f.status);
    const tags = list(f.tag)?.map((t) => t.toLowerCase());
    const groups = list(f.group);
    return this.all.filter(
      (p) =>
        (!statuses || statuses.includes(p.status)) &&
        (!tags || p.tags.some((t) => tags.includes(t.toLowerCase()))) &&
        (!groups || groups.includes(p.group)) &&
        (!accountIds || accountIds.includes(p.accountId)),
    );
  }
}
