import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronLoginItem, fileFlag, xdgAutostart } from '../../main/shell/login-item';

describe('start at login', () => {
  it('Linux: writes, reads back and removes an XDG autostart entry, hidden or not', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'autostart-')), 'autostart');
    const item = xdgAutostart(dir, '/home/me/Apps/Phonedeck "beta".AppImage');
    expect(item.get()).toEqual({ enabled: false, hidden: false });
    item.set(true, true);
    expect(item.get()).toEqual({ enabled: true, hidden: true });
    expect(readFileSync(join(dir, 'phonedeck.desktop'), 'utf8')).toContain(
      'Exec="/home/me/Apps/Phonedeck \\"beta\\".AppImage" --hidden',
    );
    item.set(true, false);
    expect(item.get()).toEqual({ enabled: true, hidden: false });
    item.set(false, false);
    expect(item.get()).toEqual({ enabled: false, hidden: false });
  });

  it('Windows: the entry is keyed by its arguments, so hidden and shown never both stay registered', () => {
    const entries = new Map<string, boolean>();
    const key = (o: { args?: string[] } = {}) => (o.args ?? []).join(' ');
    const api = {
      getLoginItemSettings: (o?: { args?: string[] }) => ({ openAtLogin: entries.get(key(o)) ?? false }),
      setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => void entries.set(key(s), s.openAtLogin),
    };
    const item = electronLoginItem('win32', api, { get: () => false, set: () => undefined });
    item.set(true, true);
    expect(item.get()).toEqual({ enabled: true, hidden: true });
    item.set(true, false);
    expect(item.get()).toEqual({ enabled: true, hidden: false });
    expect([...entries.values()].filter(Boolean)).toHaveLength(1);
    item.set(false, false);
    expect(item.get()).toEqual({ enabled: false, hidden: false });
  });

  it('macOS: open at login as the OS reports it; hidden is our own choice (login items take no arguments)', () => {
    let state = { openAtLogin: false };
    const flag = fileFlag(join(mkdtempSync(join(tmpdir(), 'flag-')), 'start-hidden'));
    const item = electronLoginItem(
      'darwin',
      { getLoginItemSettings: () => state, setLoginItemSettings: (s) => void (state = s) },
      flag,
    );
    item.set(true, true);
    expect(item.get()).toEqual({ enabled: true, hidden: true });
    // Switched off in System Settings behind our back: we say so.
    state = { openAtLogin: false };
    expect(item.get()).toEqual({ enabled: false, hidden: false });
    item.set(false, false);
    expect(flag.get()).toBe(false);
  });
});
