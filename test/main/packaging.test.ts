import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('ships the built app, its tray icons and nothing from the source tree', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'package.json']));
    expect(config.files.some((f: string) => /^(main|renderer|preload|test)\//.test(f))).toBe(false);
    expect(pkg.main).toBe('out/main/index.js');
    for (const icon of ['tray-idle.png', 'tray-running.png'])
      expect(existsSync(join(root, 'resources', icon))).toBe(true);
    expect(existsSync(join(root, config.directories.buildResources, 'icon.png'))).toBe(true);
  });

  it('hardens the binary with fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(config.asar).toBe(true);
  });

  it('keeps Electron and build tools out of the runtime dependencies', () => {
    for (const dev of ['electron', 'electron-builder', 'electron-vite', 'vitest', 'react'])
      expect(pkg.dependencies[dev]).toBeUndefined();
    expect(pkg.dependencies['electron-store']).toBeDefined();
  });

  it('publishes updates to an https generic feed electron-updater can read, and registers phonedeck:// links', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) });
    expect(config.protocols).toEqual([{ name: expect.any(String), schemes: ['phonedeck'] }]);
    expect(pkg.dependencies['electron-updater']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ships the bundled phonedeck CLI outside the asar, so a system Node can run it', () => {
    expect(config.extraResources).toEqual([{ from: 'out/cli/phonedeck.mjs', to: 'cli/phonedeck.mjs' }]);
    expect(pkg.bin).toEqual({ phonedeck: 'bin/phonedeck.mjs' });
  });

  it('ships what the built main process requires at run time (sql.js and its WebAssembly), pinned', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const built = join(import.meta.dirname, '../../out/main/index.js');
    if (existsSync(built)) expect(readFileSync(built, 'utf8')).toMatch(/\("sql\.js"\)/);
    expect(pkg.dependencies['sql.js']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(join(import.meta.dirname, '../../node_modules/sql.js/dist/sql-wasm.wasm'))).toBe(true);
  });
});
