import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realFileOps, replaceFileVerified, type FileOps } from '../../main/kernel/durable-file';
import { Ledger } from '../../main/ledger/ledger';
import { fillableDisk } from '../helpers/full-disk';

const dir = () => mkdtempSync(join(tmpdir(), 'phonedeck-durable-'));
const job = (id: string, at = 1) => ({
  op: 'job' as const,
  id,
  at,
  source: 'window',
  action: 'stop',
  total: 3,
  finishedAt: at,
  phones: [0, 1, 2].map((i) => ({ key: `a/${i}`, accountId: 'a', name: `P${i}`, ok: true, code: '', message: 'x' })),
});
const ids = (l: Ledger) =>
  l
    .jobs({ limit: 100_000 })
    .map((j) => j.id)
    .sort();
const checksummed = (json: string) => `${createHash('sha256').update(json).digest('hex').slice(0, 16)} ${json}\n`;

describe('a verified replace', () => {
  it('refuses a new copy that reads back different from what was written, keeping the good file', () => {
    const file = join(dir(), 'snapshot.bin');
    writeFileSync(file, 'good');
    // A disk that hands back one flipped byte of the new copy (a bad sector, a lying cache).
    const flipping: FileOps = {
      ...realFileOps,
      readFileSync: ((path: string) => {
        const bytes = readFileSync(path);
        if (path.endsWith('.tmp')) bytes[0] ^= 1;
        return bytes;
      }) as FileOps['readFileSync'],
    };
    expect(() => replaceFileVerified(flipping, file, Buffer.from('newer'))).toThrow(/did not read back as written/);
    expect(readFileSync(file, 'utf8')).toBe('good');
    expect(existsSync(`${file}.tmp`)).toBe(false);
    replaceFileVerified(realFileOps, file, Buffer.from('newer'));
    expect(readFileSync(file, 'utf8')).toBe('newer');
  });
});

describe('a full disk never costs a committed entry', () => {
  it('a snapshot cut short by a full disk does not replace the good one, and the journal keeps everything', async () => {
    const file = join(dir(), 'activity.sqlite');
    const disk = fillableDisk();
    const a = await Ledger.open({ file, now: () => 1, fileOps: disk, compactAtBytes: 1e9 });
    for (let i = 0; i < 64; i++) a.commit([job(`early${i}`)]);
    a.compact();
    const goodSnapshot = readFileSync(file);
    for (let i = 0; i < 64; i++) a.commit([job(`late${i}`)]);
    disk.budget = 4096; // less than the snapshot needs
    expect(() => a.compact()).toThrow(/ENOSPC/);
    expect(readFileSync(file).equals(goodSnapshot)).toBe(true);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    // Closing on the full disk cannot write the snapshot either: it must leave the journal, not empty it.
    a.close();
    const b = await Ledger.open({ file, now: () => 1 });
    expect(ids(b)).toHaveLength(128);
    b.close();
  });

  it('a commit whose line does not fit fails, leaves no torn line, and the next one after space frees lands', async () => {
    const file = join(dir(), 'activity.sqlite');
    const disk = fillableDisk();
    const a = await Ledger.open({ file, now: () => 1, fileOps: disk, compactAtBytes: 1e9 });
    for (let i = 0; i < 44; i++) a.commit([job(`j${i}`)]);
    disk.budget = 100; // part of the next line only
    expect(() => a.commit([job('j44')])).toThrow(/ENOSPC/);
    const journal = readFileSync(`${file}.journal`, 'utf8');
    expect(journal.endsWith('\n')).toBe(true);
    expect(journal).not.toContain('"j44"');
    disk.budget = Infinity;
    a.commit([job('j45')]);
    const b = await Ledger.open({ file, now: () => 1 });
    expect(b.notices).toEqual([]);
    expect(ids(b)).toContain('j45');
    expect(ids(b)).toHaveLength(45);
    b.close();
    a.close();
  });

  // On a real tmpfs where the kernel can mount one (root here and in CI); the injected disk above covers the rest.
  const canMount = process.platform === 'linux' && process.getuid?.() === 0;
  const mounts: string[] = [];
  afterAll(() => mounts.forEach((m) => spawnSync('umount', [m])));
  it.runIf(canMount)(
    'on a real 2 MiB tmpfs filled up: every commit that returned is there after reopening',
    async () => {
      const mount = dir();
      const made = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
      if (made.status !== 0) return expect.soft(made.stderr.toString()).toBe(''); // mounting refused: say so
      mounts.push(mount);
      const file = join(mount, 'activity.sqlite');
      const a = await Ledger.open({ file, now: () => 1, compactAtBytes: 300_000 });
      writeFileSync(join(mount, 'filler'), Buffer.alloc(1_200_000));
      const returned: string[] = [];
      for (let i = 0; i < 5_000; i++) {
        try {
          a.commit([job(`t${i}`)]);
          returned.push(`t${i}`);
        } catch {
          break; // the disk is full: this commit said so
        }
      }
      expect(returned.length).toBeGreaterThan(100);
      a.close();
      rmSync(join(mount, 'filler'));
      const b = await Ledger.open({ file, now: () => 1 });
      expect(ids(b)).toEqual(returned.sort());
      b.close();
    },
  );
});

describe('replay survives what a journal can hold', () => {
  it('a torn last line does not make the next session’s commits look like damage', async () => {
    const file = join(dir(), 'activity.sqlite');
    const a = await Ledger.open({ file, now: () => 7 });
    a.commit([job('j1')]);
    appendFileSync(`${file}.journal`, '0123456789abcdef {"op":"job","id":"torn"'); // crash mid-append
    const b = await Ledger.open({ file, now: () => 7 });
    b.commit([job('j2')]);
    const c = await Ledger.open({ file, now: () => 7 });
    expect(c.notices).toEqual([]);
    expect(ids(c)).toEqual(['j1', 'j2']);
    c.close();
  });

  it('checksummed {}, [] and null lines are skipped as damage: open does not throw and later commits survive', async () => {
    const file = join(dir(), 'activity.sqlite');
    const a = await Ledger.open({ file, now: () => 9 });
    a.commit([job('j1')]);
    appendFileSync(`${file}.journal`, checksummed('{}') + checksummed('[]') + checksummed('null'));
    const b = await Ledger.open({ file, now: () => 9 });
    b.commit([job('j2')]);
    b.commit([job('j3')]);
    const c = await Ledger.open({ file, now: () => 9 });
    expect(c.notices.join()).toMatch(/damaged and skipped/);
    expect(ids(c)).toEqual(['j1', 'j2', 'j3']);
    c.close();
  });
});

describe('one writer per record', () => {
  const child = (file: string) =>
    spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/ledger-child.ts'), file], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  const collect = (c: ChildProcess, into: string[]) => {
    let buf = '';
    c.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      into.push(...lines);
    });
  };
  /** Resolves once the child has exited (at once when it already has: the refused one ends by itself). */
  const exited = (c: ChildProcess) =>
    new Promise<void>((resolve) =>
      c.exitCode !== null || c.signalCode !== null ? resolve() : c.on('exit', () => resolve()),
    );

  it('a second opener gets a read-only view that says why; the lock of a killed writer is taken over', async () => {
    const file = join(dir(), 'activity.sqlite');
    const committed: string[] = [];
    const writer = child(file);
    collect(writer, committed);
    while (committed.length < 20) await new Promise((r) => setTimeout(r, 10));
    const second = await Ledger.open({ file, now: () => 1 });
    expect(second.readOnly).toBe(true);
    expect(second.notices.join()).toMatch(new RegExp(`another Phonedeck \\(process ${writer.pid}\\)`));
    expect(() => second.commit([job('intruder')])).toThrow(/read-only/);
    second.close();
    writer.kill('SIGKILL');
    await exited(writer);
    const third = await Ledger.open({ file, now: () => 1 });
    expect(third.readOnly).toBe(false);
    expect(committed.filter((id) => !ids(third).includes(id))).toEqual([]);
    third.close();
  }, 30_000);

  it('two processes writing one record at once lose nothing: one writes, the other is refused', async () => {
    const d = dir();
    mkdirSync(d, { recursive: true });
    const file = join(d, 'activity.sqlite');
    const committed: string[] = [];
    const both = [child(file), child(file)];
    both.forEach((c) => collect(c, committed));
    while (committed.length < 300) await new Promise((r) => setTimeout(r, 10));
    both.forEach((c) => c.kill('SIGKILL'));
    await Promise.all(both.map(exited));
    const ledger = await Ledger.open({ file, now: () => 1 });
    const kept = new Set(ids(ledger));
    expect(committed.filter((id) => !kept.has(id))).toEqual([]);
    expect(ledger.notices).toEqual([]);
    ledger.close();
  }, 30_000);
});
