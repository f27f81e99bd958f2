import type { PhoneRunning, RunningTotals } from '../../common/activity';

export type { PhoneRunning };
import type { LedgerFact } from './schema';

interface PhoneRuns {
  accountId: string;
  group: string;
  tags: string[];
  /** Flat [start, end, start, end, …]; an open run ends in NaN. */
  spans: number[];
}

/**
 * The running periods again, in memory and per phone, so "minutes this month" for 10,000 phones is a
 * loop over numbers instead of a GROUP BY over 600,000 rows (the SQLite table stays the durable copy and
 * rebuilds this on open).
 */
export class RunIndex {
  private readonly byKey = new Map<string, PhoneRuns>();

  add(
    key: string,
    meta: { accountId: string; group: string; tags: string[] },
    start: number,
    end: number | null,
  ): void {
    let r = this.byKey.get(key);
    if (!r) this.byKey.set(key, (r = { ...meta, spans: [] }));
    else Object.assign(r, meta);
    r.spans.push(start, end ?? NaN);
  }

  apply(fact: LedgerFact): void {
    if (fact.op === 'runs') {
      for (const e of fact.ends) {
        const r = this.byKey.get(e.key);
        const last = r ? r.spans.length - 1 : -1;
        if (r && last > 0 && Number.isNaN(r.spans[last])) r.spans[last] = e.at;
      }
      for (const s of fact.starts) {
        const r = this.byKey.get(s.key);
        // One open run per phone, as in the table.
        if (r && Number.isNaN(r.spans[r.spans.length - 1])) continue;
        this.add(s.key, s, s.at, null);
      }
    } else if (fact.op === 'seen') {
      // Open runs count up to `to` while they are open; a sighting changes nothing here.
    } else if (fact.op === 'prune') {
      for (const [key, r] of this.byKey) {
        const kept: number[] = [];
        for (let i = 0; i < r.spans.length; i += 2)
          if (Number.isNaN(r.spans[i + 1]) || r.spans[i + 1] >= fact.before) kept.push(r.spans[i], r.spans[i + 1]);
        if (kept.length) r.spans = kept;
        else this.byKey.delete(key);
      }
    }
  }

  /**
   * Each phone that ran in [from, to]: its running time there, and the minutes a per-minute bill counts for
   * it (each started minute of each run: 10 seconds of running is a billed minute).
   */
  perPhone(from: number, to: number): PhoneRunning[] {
    const out: PhoneRunning[] = [];
    for (const [key, r] of this.byKey) {
      let ms = 0;
      let billedMinutes = 0;
      const s = r.spans;
      for (let i = 0; i < s.length; i += 2) {
        const end = Number.isNaN(s[i + 1]) ? to : Math.min(s[i + 1], to);
        const start = Math.max(s[i], from);
        if (end <= start) continue;
        ms += end - start;
        billedMinutes += Math.ceil((end - start) / 60_000);
      }
      if (ms) out.push({ key, accountId: r.accountId, group: r.group, tags: r.tags, ms, billedMinutes });
    }
    return out;
  }

  /**
   * How many phones ran during each step from `from` to `to` (a phone running at any moment of a step
   * counts once in it): the "phones running through the day" chart.
   */
  concurrency(from: number, to: number, step: number): number[] {
    const buckets = new Array<number>(Math.max(0, Math.ceil((to - from) / step))).fill(0);
    for (const r of this.byKey.values()) {
      const hit = new Set<number>();
      const s = r.spans;
      for (let i = 0; i < s.length; i += 2) {
        const end = Number.isNaN(s[i + 1]) ? to : Math.min(s[i + 1], to);
        const start = Math.max(s[i], from);
        if (end <= start) continue;
        const last = Math.min(buckets.length - 1, Math.floor((end - 1 - from) / step));
        for (let b = Math.floor((start - from) / step); b <= last; b++) hit.add(b);
      }
      for (const b of hit) buckets[b]++;
    }
    return buckets;
  }

  /** Running time per phone, account, group and tag: the per-phone times of perPhone, added up. */
  totals(from: number, to: number): RunningTotals {
    const totals: RunningTotals = { byPhone: {}, byAccount: {}, byGroup: {}, byTag: {} };
    for (const { key, accountId, group, tags, ms } of this.perPhone(from, to)) {
      totals.byPhone[key] = ms;
      totals.byAccount[accountId] = (totals.byAccount[accountId] ?? 0) + ms;
      if (group) totals.byGroup[group] = (totals.byGroup[group] ?? 0) + ms;
      for (const t of tags) totals.byTag[t] = (totals.byTag[t] ?? 0) + ms;
    }
    return totals;
  }
}
