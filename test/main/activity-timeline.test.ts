import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InvokeOutput, IpcResult } from '../../common/contract';
import { Ledger } from '../../main/ledger/ledger';
import { buildTimeline } from '../../main/ledger/timeline';
import { FakeClock } from '../helpers/fake-clock';
import { closeAfterEach } from '../helpers/close-after-each';
import { testCore, waitFor } from '../helpers/core';

const MIN = 60_000;
const HOUR = 60 * MIN;
const dir = () => mkdtempSync(join(tmpdir(), 'phonedeck-timeline-'));

function job(id: string, at: number, action: string, phones: { key: string; name: string; ok: boolean }[]) {
  return {
    op: 'job' as const,
    id,
    at,
    source: 'window',
    action,
    total: phones.length,
    finishedAt: at + 1_000,
    phones: phones.map((p) => ({
      ...p,
      accountId: p.key.split('/')[0],
      code: p.ok ? 'OK' : '43005',
      message: p.ok ? 'done' : 'busy with a task',
    })),
  };
}

describe('the activity record answers "what happened to phone X yesterday" (#23.2)', () => {
  it('exports one row per phone per action, with names, ids, codes and confirmations; a phone filter keeps that phone only', async () => {
    const clock = new FakeClock();
    const ledger = await Ledger.open({ file: join(dir(), 'a.sqlite'), now: clock.now });
    const t0 = clock.now();
    const ava = { key: 'acc/111', name: 'Ava-0015', ok: true };
    const bo = { key: 'acc/222', name: 'Bo-0002', ok: false };
    ledger.commit([
      job('j1', t0 - 2 * HOUR, 'stop', [ava, bo]),
      { op: 'confirmed', jobId: 'j1', keys: ['acc/111'], at: t0 - 2 * HOUR + 5_000 },
      job('j2', t0 - HOUR, 'start', [ava]),
    ]);
    const rows = ledger.exportRows({});
    expect(rows.map((r) => [r.action, r.name, r.key, r.ok, r.code, r.confirmedAt])).toEqual([
      ['stop', 'Ava-0015', 'acc/111', true, 'OK', t0 - 2 * HOUR + 5_000],
      ['stop', 'Bo-0002', 'acc/222', false, '43005', null],
      ['start', 'Ava-0015', 'acc/111', true, 'OK', null],
    ]);
    // The old export had one row per action: a phone filter now gives that phone's rows, not its actions' others.
    expect(ledger.exportRows({ phone: 'Bo-0002' }).map((r) => r.name)).toEqual(['Bo-0002']);
    // A date range: "yesterday" is a since and an until, and the until is kept.
    expect(ledger.exportRows({ since: t0 - 3 * HOUR, until: t0 - 90 * MIN }).map((r) => r.action)).toEqual([
      'stop',
      'stop',
    ]);
    ledger.close();
  });

  it('a phone timeline: its actions, its running periods clipped to the period, and each started minute priced', async () => {
    const clock = new FakeClock();
    const ledger = await Ledger.open({ file: join(dir(), 'b.sqlite'), now: clock.now });
    const t0 = clock.now();
    const meta = { accountId: 'acc', name: 'Ava-0015', group: 'QA', tags: [] };
    ledger.commit([
      { op: 'runs', starts: [{ key: 'acc/111', ...meta, at: t0 - 10 * HOUR, exact: true }], ends: [] },
      { op: 'runs', starts: [], ends: [{ key: 'acc/111', at: t0 - 8 * HOUR, exact: true }] },
      // Ten seconds of running: a billed minute, not $0.00.
      { op: 'runs', starts: [{ key: 'acc/111', ...meta, at: t0 - HOUR, exact: true }], ends: [] },
      { op: 'runs', starts: [], ends: [{ key: 'acc/111', at: t0 - HOUR + 10_000, exact: true }] },
      job('j1', t0 - 8 * HOUR, 'stop', [{ key: 'acc/111', name: 'Ava-0015', ok: true }]),
    ]);
    const from = t0 - 9 * HOUR;
    const history = ledger.phoneHistory('acc/111', from, t0);
    expect(history.actions.map((a) => [a.action, a.ok])).toEqual([['stop', true]]);
    expect(history.runs).toHaveLength(2);
    const price = { perMinute: 0.01, currency: 'USD' };
    const listed = { name: 'Ava-0015', accountId: 'acc', billing: 'per-minute' as const };
    const tl = buildTimeline(history, { key: 'acc/111', accountId: 'acc', from, to: t0, listed, price });
    // One hour inside the period (9 h ago to 8 h ago) plus 10 s: 61 billed minutes.
    expect(tl.runningMs).toBe(HOUR + 10_000);
    expect(tl.cost).toEqual({ amount: 0.61, currency: 'USD' });
    // A monthly phone costs the same running or not: no cost is made up, and the reason is given.
    const monthly = buildTimeline(history, {
      key: 'acc/111',
      accountId: 'acc',
      from,
      to: t0,
      listed: { ...listed, billing: 'monthly' },
      price,
    });
    expect([monthly.cost, monthly.costNote]).toEqual([null, 'notPerMinute']);
    // No price: said, not shown as $0.00. A deleted phone keeps the name the record has.
    const gone = buildTimeline(history, { key: 'acc/111', accountId: 'acc', from, to: t0, listed: null, price: null });
    expect([gone.cost, gone.costNote, gone.name]).toEqual([null, 'noPrice', 'Ava-0015']);
    ledger.close();
  });
});

describe('opening a viewer is recorded as an open (#23.2)', () => {
  const opened = closeAfterEach();

  it('the record and the timeline say "open", with its source, and the phone confirmed running', async () => {
    const env = await opened(testCore());
    const { core } = env;
    await core.accounts.enableDemo();
    await core.fleet.refresh();
    const sims = await env.demo.sims();
    const phone = core.fleet
      .all()
      .find((p) => p.provider === 'geelark' && p.status === 'stopped' && !sims.geelark.phones.get(p.id)!.expired)!;
    const list = async () =>
      (await core.dispatch('activity:list', { phone: phone.key })) as IpcResult<InvokeOutput<'activity:list'>>;
    const timeline = async (since: number, until: number) =>
      (await core.dispatch('activity:phone', { key: phone.key, since, until })) as IpcResult<
        InvokeOutput<'activity:phone'>
      >;
    const [result] = await core.sessions.open([phone.key]);
    expect(result.ok).toBe(true);
    const listed = await waitFor(list, (r) => r.ok && r.value.length > 0);
    expect(listed.ok && listed.value[0]).toMatchObject({ action: 'open', source: 'window', succeeded: 1 });
    const bad = await timeline(10, 5);
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const tl = await waitFor(
      async () => {
        await core.fleet.refresh();
        return timeline(0, Date.now() + 1_000);
      },
      (r) => r.ok && r.value.actions[0]?.confirmedAt !== null,
    );
    expect(tl.ok && tl.value.actions.map((a) => a.action)).toEqual(['open']);
    expect(tl.ok && tl.value.name).toBe(phone.name);
  });
});
