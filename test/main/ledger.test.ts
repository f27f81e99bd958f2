import { spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BulkJobState, BulkResult } from '../../common/contract';
import type { Phone } from '../../common/phone';
import { Ledger } from '../../main/ledger/ledger';
import { SCHEMA } from '../../main/ledger/schema';
import { ActivityRecorder, type RecordedFleet } from '../../main/ledger/recorder';
import { FakeClock } from '../helpers/fake-clock';
import { makePhone } from '../helpers/phones';

const DAY = 86_400_000;
const dir = () => mkdtempSync(join(tmpdir(), 'phonedeck-ledger-'));
const silent = { info() {}, warn() {}, error() {}, debug() {} } as never;

function job(id: string, at: number, phones: number, extra: Partial<{ source: string; action: string }> = {}) {
  return {
    op: 'job' as const,
    id,
    at,
    source: extra.source ?? 'window',
    action: extra.action ?? 'stop',
    total: phones,
    finishedAt: at + 1000,
    phones: Array.from({ length: phones }, (_, i) => ({
      key: `acc/${i}`,
      accountId: 'acc',
      name: `Ava-${i}`,
      ok: i % 2 === 0,
      code: i % 2 ? '43009' : '',
      message: i % 2 ? 'Busy' : 'Stop requested',
    })),
  };
}

describe('activity ledger', () => {
  it('keeps committed jobs across a reopen, from the journal alone and after compaction', async () => {
    const file = join(dir(), 'activity.sqlite');
    const clock = new FakeClock();
    const a = await Ledger.open({ file, now: clock.now });
    a.commit([job('j1', clock.now(), 4, { source: 'policy:Nights off' })]);
    // No close: as if the app died. The snapshot file does not even exist yet.
    const b = await Ledger.open({ file, now: clock.now });
    expect(b.jobs({})).toEqual([
      expect.objectContaining({ id: 'j1', source: 'policy:Nights off', total: 4, succeeded: 2, failed: 2 }),
    ]);
    expect(b.jobPhones('j1').map((p) => [p.name, p.ok, p.code])).toEqual([
      ['Ava-0', true, ''],
      ['Ava-1', false, '43009'],
      ['Ava-2', true, ''],
      ['Ava-3', false, '43009'],
    ]);
    b.commit([job('j2', clock.now() + 5, 1)]);
    b.close();
    const c = await Ledger.open({ file, now: clock.now });
    expect(c.jobs({}).map((j) => j.id)).toEqual(['j2', 'j1']);
    expect(c.jobs({ source: 'policy' }).map((j) => j.id)).toEqual(['j1']);
    expect(c.jobs({ phone: 'Ava-3' }).map((j) => j.id)).toEqual(['j1']);
    c.close();
  });

  it('a snapshot written before jobs had a subject opens, keeps its jobs, and records what a file or app job acted with', async () => {
    const file = join(dir(), 'activity.sqlite');
    // A snapshot as the version before wrote it: no `subject` column in `jobs`.
    const SQL = await (await import('sql.js')).default();
    const old = new SQL.Database();
    old.exec(SCHEMA);
    old.exec("INSERT INTO jobs (id, at, source, action, total, finished_at) VALUES ('old', 1, 'window', 'stop', 0, 2)");
    old.exec("INSERT INTO meta (key, value) VALUES ('seq', 0)");
    writeFileSync(file, old.export());
    old.close();
    const ledger = await Ledger.open({ file, now: () => 10 });
    ledger.commit([{ ...job('new', 5, 1, { action: 'install' }), subject: 'shop.apk' }]);
    expect(ledger.jobs({}).map((j) => [j.id, j.subject])).toEqual([
      ['new', 'shop.apk'],
      ['old', undefined],
    ]);
    ledger.close();
    const again = await Ledger.open({ file, now: () => 10 });
    expect(again.jobs({ action: 'install' })[0]).toMatchObject({ id: 'new', subject: 'shop.apk' });
    // The export and a phone's timeline say it too.
    expect(again.exportRows({ action: 'install' })).toEqual([expect.objectContaining({ subject: 'shop.apk' })]);
    expect(again.phoneHistory('acc/0', 0, 100).actions).toEqual([
      expect.objectContaining({ action: 'install', subject: 'shop.apk' }),
    ]);
    again.close();
  });

  it('loses no committed entry when the process is killed mid-write (journal or snapshot)', async () => {
    const d = dir();
    const file = join(d, 'activity.sqlite');
    const committed: string[] = [];
    for (const killAfter of [150, 400, 700]) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, '../helpers/ledger-child.ts'), file],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let buf = '';
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        committed.push(...lines);
      });
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (committed.length >= killAfter) {
            clearInterval(check);
            child.kill('SIGKILL');
          }
        }, 2);
        child.on('exit', () => resolve());
      });
    }
    const ledger = await Ledger.open({ file, now: Date.now });
    const kept = new Set(ledger.jobs({ limit: 100_000 }).map((j) => j.id));
    expect(committed.length).toBeGreaterThanOrEqual(700);
    expect(committed.filter((id) => !kept.has(id))).toEqual([]);
    expect(ledger.notices).toEqual([]);
    ledger.close();
  }, 60_000);

  it('after close it writes nothing: a late commit is refused, not written through a descriptor another file now owns', async () => {
    const d = dir();
    const file = join(d, 'activity.sqlite');
    const ledger = await Ledger.open({ file, now: () => 42 });
    ledger.commit([job('j1', 1, 1)]);
    ledger.close();
    // The journal's old descriptor number goes to the next file opened: a write through it would land there.
    const other = join(d, 'someone-else.txt');
    writeFileSync(other, 'theirs');
    const fd = openSync(other, 'r+');
    try {
      expect(() => ledger.commit([job('j2', 2, 1)])).toThrow(/closed/);
      expect(readFileSync(other, 'utf8')).toBe('theirs');
    } finally {
      closeSync(fd);
    }
    ledger.close(); // twice is harmless
  });

  it('moves a damaged database aside with a notice instead of emptying it silently', async () => {
    const d = dir();
    const file = join(d, 'activity.sqlite');
    writeFileSync(file, "this is not SQLite at all, but it is somebody's data".repeat(200));
    const ledger = await Ledger.open({ file, now: () => 42 });
    expect(ledger.notices[0]).toMatch(/could not be read.*moved to .*activity\.sqlite\.damaged-42/);
    expect(readdirSync(d)).toContain('activity.sqlite.damaged-42');
    ledger.commit([job('j1', 1, 1)]);
    expect(ledger.jobs({}).length).toBe(1);
    ledger.close();
  });

  it('skips a corrupted journal line, keeps the rest, and says so; a torn last line is silently dropped', async () => {
    const file = join(dir(), 'activity.sqlite');
    const a = await Ledger.open({ file, now: () => 7 });
    a.commit([job('j1', 1, 1)]);
    a.commit([job('j2', 2, 1)]);
    appendFileSync(`${file}.journal`, '0123456789abcdef {"op":"job"'); // torn: no newline
    const b = await Ledger.open({ file, now: () => 7 });
    expect(b.notices).toEqual([]);
    expect(b.jobs({}).map((j) => j.id)).toEqual(['j2', 'j1']);
    b.close();
    // Damage in the middle of a journal: corrupt the first of three lines.
    const file2 = join(dir(), 'activity.sqlite');
    const c = await Ledger.open({ file: file2, now: () => 8 });
    c.commit([job('j1', 1, 1)]);
    c.commit([job('j2', 2, 1)]);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(`${file2}.journal`, 'utf8').replace('"j1"', '"jX"');
    writeFileSync(`${file2}.journal`, text);
    const e = await Ledger.open({ file: file2, now: () => 8 });
    expect(e.notices.join()).toMatch(/damaged and skipped/);
    expect(e.jobs({}).map((j) => j.id)).toEqual(['j2']);
    expect(existsSync(`${file2}.journal.damaged-8`)).toBe(true);
    e.close();
  });

  it('drops what is older than the retention period', async () => {
    const file = join(dir(), 'activity.sqlite');
    const clock = new FakeClock();
    const a = await Ledger.open({ file, now: clock.now, retentionDays: 30 });
    a.commit([job('old', clock.now() - 31 * DAY, 1), job('new', clock.now() - 29 * DAY, 1)]);
    const run = (key: string, at: number) => ({
      key,
      accountId: 'acc',
      name: key,
      group: '',
      tags: [],
      at,
      exact: true,
    });
    a.commit([
      {
        op: 'runs',
        starts: [run('acc/old', clock.now() - 32 * DAY), run('acc/new', clock.now() - 29 * DAY)],
        ends: [],
      },
    ]);
    a.commit([
      {
        op: 'runs',
        starts: [],
        ends: [
          { key: 'acc/old', at: clock.now() - 31 * DAY, exact: true },
          { key: 'acc/new', at: clock.now() - 28 * DAY, exact: true },
        ],
      },
    ]);
    a.prune();
    expect(a.jobs({}).map((j) => j.id)).toEqual(['new']);
    expect(Object.keys(a.runningTotals(0, clock.now()).byPhone)).toEqual(['acc/new']);
    a.close();
    // The same after reopening (the in-memory totals are rebuilt from the table).
    const b = await Ledger.open({ file, now: clock.now, retentionDays: 30 });
    expect(b.runningTotals(0, clock.now()).byPhone).toEqual({ 'acc/new': DAY });
    b.close();
  });
});

class FleetDouble implements RecordedFleet {
  phones = new Map<string, Phone>();
  private done: ((job: BulkJobState, results: BulkResult[]) => void)[] = [];
  private patches: ((u: readonly Phone[], r: readonly string[]) => void)[] = [];
  onJobDone(l: (job: BulkJobState, results: BulkResult[]) => void) {
    this.done.push(l);
  }
  onPatch(l: (u: readonly Phone[], r: readonly string[]) => void) {
    this.patches.push(l);
  }
  all() {
    return [...this.phones.values()];
  }
  set(...ps: Phone[]) {
    for (const p of ps) this.phones.set(p.key, p);
    for (const l of this.patches) l(ps, []);
  }
  remove(key: string) {
    this.phones.delete(key);
    for (const l of this.patches) l([], [key]);
  }
  finish(job: Partial<BulkJobState> & { jobId: string; action: BulkJobState['action'] }, results: BulkResult[]) {
    for (const l of this.done)
      l(
        {
          source: 'window',
          total: results.length,
          done: results.length,
          phase: 'done',
          state: 'done',
          startedAt: 0,
          finishedAt: 0,
          ...job,
        },
        results,
      );
  }
}
const ok = (p: Phone): BulkResult => ({
  key: p.key,
  name: p.name,
  accountId: p.accountId,
  lastStatus: p.status,
  ok: true,
  code: '',
  message: 'ok',
});

describe('activity recorder', () => {
  it('records each action with its source, then when the provider confirmed each phone', async () => {
    const clock = new FakeClock();
    const ledger = await Ledger.open({ file: join(dir(), 'a.sqlite'), now: clock.now });
    const fleet = new FleetDouble();
    new ActivityRecorder({ ledger, fleet, clock, log: silent });
    const a = makePhone({ key: 'acc/1', id: '1', accountId: 'acc', name: 'Ava', status: 'running' });
    const b = makePhone({ key: 'acc/2', id: '2', accountId: 'acc', name: 'Bo', status: 'running' });
    fleet.set(a, b);
    fleet.set({ ...a, status: 'stopping' }, { ...b, status: 'stopping' });
    fleet.finish({ jobId: 'j1', action: 'stop', source: 'tray', startedAt: clock.now() }, [
      ok(a),
      { ...ok(b), ok: false, code: '43009', message: 'Busy' },
    ]);
    expect(ledger.jobs({})[0]).toMatchObject({ id: 'j1', source: 'tray', succeeded: 1, failed: 1, confirmed: 0 });
    clock.t += 60_000;
    fleet.set({ ...a, status: 'stopped' });
    expect(ledger.jobPhones('j1').map((p) => [p.name, p.confirmedAt])).toEqual([
      ['Ava', clock.now()],
      ['Bo', null],
    ]);
    // A delete is confirmed when the phone leaves the list.
    fleet.finish({ jobId: 'j2', action: 'delete' }, [ok(a)]);
    fleet.remove(a.key);
    expect(ledger.jobPhones('j2')[0].confirmedAt).toBe(clock.now());
  });

  it('counts running time from confirmed transitions, including phones started elsewhere, and across a restart', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 8, 0));
    const file = join(dir(), 'a.sqlite');
    const ledger = await Ledger.open({ file, now: clock.now });
    const fleet = new FleetDouble();
    new ActivityRecorder({ ledger, fleet, clock, log: silent });
    const start = clock.now();
    // First seen already running (started outside the app): a lower bound.
    fleet.set(
      makePhone({
        key: 'acc/1',
        accountId: 'acc',
        group: 'QA',
        tags: ['tiktok'],
        status: 'running',
        runningSince: start,
        runningSinceExact: false,
      }),
    );
    clock.t += 90 * 60_000;
    fleet.set(makePhone({ key: 'acc/1', accountId: 'acc', group: 'QA', tags: ['tiktok'], status: 'stopped' }));
    const t = ledger.runningTotals(start - DAY, clock.now());
    expect(t.byPhone['acc/1']).toBe(90 * 60_000);
    expect(t.byAccount.acc).toBe(90 * 60_000);
    expect(t.byGroup.QA).toBe(90 * 60_000);
    expect(t.byTag.tiktok).toBe(90 * 60_000);
    // Running again when the app quits; next session it is no longer running: it ends at its last sighting.
    fleet.set(
      makePhone({
        key: 'acc/1',
        accountId: 'acc',
        status: 'running',
        runningSince: clock.now(),
        runningSinceExact: true,
      }),
    );
    clock.t += 6 * 60_000;
    fleet.set(makePhone({ key: 'acc/2', accountId: 'acc', status: 'stopped' })); // any patch writes "seen" every 5 min
    ledger.close();
    clock.t += 3 * 3_600_000;
    const again = await Ledger.open({ file, now: clock.now });
    const fleet2 = new FleetDouble();
    const rec = new ActivityRecorder({ ledger: again, fleet: fleet2, clock, log: silent });
    fleet2.set(makePhone({ key: 'acc/1', accountId: 'acc', status: 'stopped' }));
    rec.settleAfterFirstList();
    expect(again.runningTotals(start - DAY, clock.now()).byPhone['acc/1']).toBe(96 * 60_000);
    expect(again.openRuns()).toEqual([]);
  });
});

describe('activity recorder when the disk fails', () => {
  it('keeps what it could not write, says so once, and writes it with the next commit that works', async () => {
    const clock = new FakeClock();
    const ledger = await Ledger.open({ file: join(dir(), 'a.sqlite'), now: clock.now });
    const fleet = new FleetDouble();
    const problems: (string | null)[] = [];
    new ActivityRecorder({ ledger, fleet, clock, log: silent, onWriteProblem: (m) => problems.push(m) });
    const commit = ledger.commit.bind(ledger);
    let failing = true;
    ledger.commit = (facts) => {
      if (failing) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      commit(facts);
    };
    const a = makePhone({ key: 'acc/1', name: 'Ava', status: 'running' });
    fleet.finish({ jobId: 'j1', action: 'start' }, [ok(a)]);
    fleet.finish({ jobId: 'j2', action: 'start' }, [ok(a)]);
    expect(problems).toEqual([expect.stringMatching(/Activity could not be recorded: .*no space left/i)]);
    failing = false;
    fleet.set(a);
    expect(
      ledger
        .jobs({})
        .map((j) => j.id)
        .sort(),
    ).toEqual(['j1', 'j2']);
    expect(problems.at(-1)).toBeNull();
  });
});
