import type { AccountSummary } from '../../common/contract';
import type { ControlPhone } from '../../common/control';
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

  /** Phones matching a filter (every field given must match); an unknown account is an error. */
  matching(
    f: { status?: string; tag?: string; group?: string; account?: string },
    accounts: AccountSummary[],
  ): Phone[] {
    const account = f.account ? accounts.find((a) => a.id === f.account || a.label === f.account) : undefined;
    if (f.account && !account) throw new ProviderError('NOT_FOUND', `No account is called "${f.account}"`);
    const tag = f.tag?.toLowerCase();
    return this.all.filter(
      (p) =>
        (!f.status || p.status === f.status) &&
        (!tag || p.tags.some((t) => t.toLowerCase() === tag)) &&
        (!f.group || p.group === f.group) &&
        (!account || p.accountId === account.id),
    );
  }
}
