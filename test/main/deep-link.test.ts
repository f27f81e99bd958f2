import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkInArgv, parseDeepLink } from '../../main/shell/deep-link';

describe('phonedeck:// links', () => {
  it('opens a phone by account and id', () => {
    expect(parseDeepLink('phonedeck://open/demo_geelark/633179652143186328')).toEqual({
      ok: true,
      link: { kind: 'open', key: 'demo_geelark/633179652143186328' },
    });
  });

  it('applies a filter, with lists given repeated or comma-separated', () => {
    expect(
      parseDeepLink('phonedeck://filter?status=running&status=starting&tag=vip,eu&q=ava%20s&account=demo_geelark'),
    ).toEqual({
      ok: true,
      link: {
        kind: 'filter',
        query: { text: 'ava s', statuses: ['running', 'starting'], tags: ['vip', 'eu'], accountId: 'demo_geelark' },
      },
    });
  });

  it('refuses anything else with a reason', () => {
    for (const bad of [
      'https://example.com/open/a/b',
      'phonedeck://open/a',
      'phonedeck://open/a/b/c',
      'phonedeck://open/../etc',
      'phonedeck://filter?status=asleep',
      'phonedeck://filter?evil=1',
      'phonedeck://filter/x',
      'phonedeck://delete/a/b',
      'not a url',
      `phonedeck://filter?q=${'x'.repeat(3000)}`,
    ]) {
      const r = parseDeepLink(bad);
      expect(r.ok, bad).toBe(false);
      expect((r as { reason: string }).reason.length, bad).toBeGreaterThan(3);
    }
  });

  it('refuses a malformed %-escape and a single-valued parameter given twice, with a reason, instead of throwing or joining', () => {
    for (const bad of [
      'phonedeck://open/%E0%A4%A/1',
      'phonedeck:///%',
      'phonedeck://open/a/%ZZ',
      'phonedeck://filter?q=ava&q=bob',
      'phonedeck://filter?account=a&account=b',
    ]) {
      const r = parseDeepLink(bad);
      expect(r.ok, bad).toBe(false);
      expect((r as { reason: string }).reason.length, bad).toBeGreaterThan(3);
    }
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.string().map((s) => `phonedeck://${s}`),
        ),
        (s) => void parseDeepLink(s),
      ),
    );
  });

  it('finds the link among a second launch’s arguments', () => {
    expect(linkInArgv(['/opt/Phonedeck/phonedeck', '--no-sandbox', 'phonedeck://open/a/1'])).toBe(
      'phonedeck://open/a/1',
    );
    expect(linkInArgv(['/opt/Phonedeck/phonedeck', '--hidden'])).toBeNull();
  });
});

describe('acting on a link', () => {
  const deps = () => {
    const calls: string[] = [];
    return {
      calls,
      d: {
        showWindow: () => void calls.push('show'),
        isRunning: (key: string) => (key === 'acc/1' ? true : key === 'acc/2' ? false : undefined),
        askToStartAndOpen: (key: string) => void calls.push(`ask ${key}`),
        open: async (keys: string[]) => (
          calls.push(`open ${keys}`),
          [{ ok: false, name: 'Ava', message: 'Phone expired' }]
        ),
        applyFilter: (q: object) => void calls.push(`filter ${JSON.stringify(q)}`),
        notice: (level: string, m: string) => void calls.push(`${level} ${m}`),
      },
    };
  };
  it('a link with a malformed escape shows the window and says why it was ignored, instead of failing unseen', async () => {
    const { calls, d } = deps();
    const { handleDeepLink } = await import('../../main/shell/deep-link');
    await expect(handleDeepLink('phonedeck://open/%E0%A4%A/1', d)).resolves.toBeUndefined();
    expect(calls).toEqual(['show', 'warning Ignored a phonedeck:// link: the link has a malformed %-escape']);
  });

  it('opens, filters, and reports what failed or was refused', async () => {
    const { calls, d } = deps();
    const { handleDeepLink } = await import('../../main/shell/deep-link');
    await handleDeepLink('phonedeck://open/acc/1', d);
    await handleDeepLink('phonedeck://filter?status=running', d);
    await handleDeepLink('phonedeck://wipe/everything', d);
    expect(calls).toEqual([
      'show',
      'open acc/1',
      'error Could not open Ava: Phone expired',
      'show',
      'filter {"statuses":["running"]}',
      'show',
      'warning Ignored a phonedeck:// link: unknown link "wipe" (open or filter)',
    ]);
  });

  it('never starts a stopped phone: it asks in the window with a start plan (#20)', async () => {
    const { calls, d } = deps();
    const { handleDeepLink } = await import('../../main/shell/deep-link');
    await handleDeepLink('phonedeck://open/acc/2', d);
    expect(calls).toEqual(['show', 'ask acc/2']);
  });
});
