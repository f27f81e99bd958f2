import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createElectronSettingsStore } from '../../main/settings/electron-settings';
import { describeSettingsNotice, JsonFileSettingsStore } from '../../main/settings/settings-file';

const dirOf = () => mkdtempSync(join(tmpdir(), 'pd-hand-'));
const account = (id: string, label: string) => ({ id, label, provider: 'geelark', auth: 'token', demo: false });

/** A settings file as someone's editor leaves it: a byte-order mark, comments and trailing commas. */
const handEdited = `\uFEFF{
  // three accounts, one per team
  "version": 1,
  "accounts": [
    ${JSON.stringify(account('acc_1', 'Team A'))},
    ${JSON.stringify(account('acc_2', 'Team B'))},
    ${JSON.stringify(account('acc_3', 'Team C'))}, /* the newest */
  ],
  "theme": "dark",
}
`;

describe('a settings file edited by hand', () => {
  it('keeps every account through a byte-order mark, comments and trailing commas, with the original kept aside', () => {
    const dir = dirOf();
    const file = join(dir, 'settings.json');
    writeFileSync(file, handEdited);
    const store = new JsonFileSettingsStore(file);
    expect(store.read().accounts.map((a) => a.label)).toEqual(['Team A', 'Team B', 'Team C']);
    expect(store.read().theme).toBe('dark');
    expect(store.notices).toHaveLength(1);
    expect(describeSettingsNotice(store.notices[0])).toMatch(/comments or trailing commas.*before-repair/);
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.before-repair-'))!;
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(handEdited);
    // Rewritten as plain JSON, so every reader (electron-store too) opens it.
    expect(JSON.parse(readFileSync(file, 'utf8')).accounts).toHaveLength(3);
  });

  it('electron-store opens it too, with the accounts on screen', () => {
    const dir = dirOf();
    writeFileSync(join(dir, 'settings.json'), handEdited);
    const store = createElectronSettingsStore(dir);
    expect(store.read().accounts).toHaveLength(3);
    store.write({ ...store.read(), theme: 'light' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).accounts).toHaveLength(3);
  });

  it('a key nested 100,000 deep is left out with a notice, and saving keeps working', () => {
    const dir = dirOf();
    const file = join(dir, 'settings.json');
    let deep = '1';
    for (let i = 0; i < 100_000; i++) deep = `{"a":${deep}}`;
    writeFileSync(
      file,
      `{"version":1,"accounts":[${JSON.stringify(account('acc_1', 'Team A'))}],"fromTheFuture":${deep}}`,
    );
    const store = new JsonFileSettingsStore(file);
    expect(store.read().accounts).toHaveLength(1);
    expect(describeSettingsNotice(store.notices[0])).toMatch(/“fromTheFuture” nested too deep/);
    expect(() => store.write({ ...store.read(), theme: 'dark' })).not.toThrow();
    expect(JSON.parse(readFileSync(file, 'utf8')).theme).toBe('dark');
  });
});
