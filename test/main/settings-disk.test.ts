import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFileSettingsStore } from '../../main/settings/settings-file';
import { defaultSettings } from '../../main/settings/settings';
import { fillableDisk } from '../helpers/full-disk';

describe('settings on a full disk', () => {
  it('a write that cannot complete throws and leaves the saved file and memory as they were; a good one is owner-only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-settings-')), 'settings.json');
    const disk = fillableDisk();
    const store = new JsonFileSettingsStore(file, disk);
    store.write({ ...defaultSettings(), theme: 'dark' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = readFileSync(file, 'utf8');
    // Room for a few bytes only: the new copy is cut short, so it is never renamed over the good one.
    disk.budget = 40;
    expect(() => store.write({ ...defaultSettings(), theme: 'light', favorites: ['a/1'] })).toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe(saved);
    expect(store.read().theme).toBe('dark');
  });
});
