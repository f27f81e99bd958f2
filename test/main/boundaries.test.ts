import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { folderCycles, folderGraph } from '../../scripts/architecture';

const root = join(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));

/** A throwaway tree with the app's folder names, to plant one violation at a time in. */
const sandboxes: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pd-boundaries-'));
  sandboxes.push(dir);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterAll(() => sandboxes.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function violations(dir: string, entry = ['main', 'common', 'renderer', 'preload', 'cli']): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    const { output } = await cruise(
      entry.filter((e) => existsSync(join(dir, e))),
      {
        ruleSet: { forbidden: config.forbidden },
        validate: true,
        tsPreCompilationDeps: true,
        doNotFollow: { path: 'node_modules' },
        // node_modules is a link to the project's own here: resolve through it, not to where it points.
        preserveSymlinks: true,
      },
    );
    return [...new Set((output as ICruiseResult).summary.violations.map((v) => v.rule.name))].sort();
  } finally {
    process.chdir(previous);
  }
}

describe('layer rules (dependency-cruiser) catch a planted violation of each rule', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'the kernel reaching into a feature',
      { 'main/kernel/clock.ts': "import '../fleet/fleet';\n", 'main/fleet/fleet.ts': 'export {};\n' },
      'kernel-imports-only-common',
    ],
    [
      'a provider reaching into a feature',
      { 'main/providers/p.ts': "import '../settings/s';\n", 'main/settings/s.ts': 'export {};\n' },
      'providers-import-only-kernel',
    ],
    [
      'one feature importing another',
      { 'main/fleet/a.ts': "import '../sessions/b';\n", 'main/sessions/b.ts': 'export {};\n' },
      'features-never-import-each-other',
    ],
    [
      'one feature naming another’s type',
      {
        'main/autopilot/a.ts': "import type { X } from '../ledger/b';\nexport type Y = X;\n",
        'main/ledger/b.ts': 'export type X = 1;\n',
      },
      'features-never-import-each-other',
    ],
    [
      'a feature reaching up into the composition root',
      { 'main/shell/x.ts': "import '../app/compose';\n", 'main/app/compose.ts': 'export {};\n' },
      'features-sit-below-app',
    ],
    [
      'shipped code other than the entry composing the app',
      { 'cli/x.ts': "import '../main/app/compose';\n", 'main/app/compose.ts': 'export {};\n' },
      'only-the-entry-imports-app',
    ],
    [
      'a feature using a simulator',
      { 'main/accounts/x.ts': "import '../sim/demo';\n", 'main/sim/demo.ts': 'export {};\n' },
      'only-app-imports-simulators',
    ],
    [
      'Electron outside an electron-*.ts adapter',
      { 'main/fleet/x.ts': "import { app } from 'electron';\nexport const a = app;\n" },
      'electron-only-in-adapters',
    ],
    ['an import cycle', { 'main/fleet/a.ts': "import './b';\n", 'main/fleet/b.ts': "import './a';\n" }, 'no-circular'],
    [
      'the window loading the contract (and zod) at run time',
      {
        'renderer/src/features/phones/x.ts':
          "import { invokeContract } from '../../../../common/contract/index';\nexport const c = invokeContract;\n",
        'common/contract/index.ts': 'export const invokeContract = {};\n',
      },
      'renderer-takes-only-types-from-the-contract',
    ],
    [
      'one window feature importing another',
      {
        'renderer/src/features/phones/a.ts': "import '../settings/b';\n",
        'renderer/src/features/settings/b.ts': 'export {};\n',
      },
      'renderer-features-never-import-each-other',
    ],
    [
      'the window importing main',
      { 'renderer/src/lib/a.ts': "import '../../../main/kernel/clock';\n", 'main/kernel/clock.ts': 'export {};\n' },
      'renderer-knows-nothing-of-main',
    ],
    [
      'shared code importing main',
      { 'common/a.ts': "import '../main/kernel/clock';\n", 'main/kernel/clock.ts': 'export {};\n' },
      'common-is-shared-and-plain',
    ],
  ];
  it.each(cases)('%s', async (_what, files, rule) => {
    expect(await violations(tree(files))).toContain(rule);
  });

  it('the real tree breaks none of them', async () => {
    const { output } = await cruise(['main', 'common', 'renderer/src', 'preload', 'cli'], {
      ...config.options,
      ruleSet: { forbidden: config.forbidden },
      validate: true,
    });
    const found = (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual([]);
  });
});

describe('folders never import each other in a ring', () => {
  const graph = (pairs: [string, string, boolean][]) => ({
    edges: new Map(
      [...new Set(pairs.map(([a]) => a))].map((a) => [
        a,
        new Map(pairs.filter(([x]) => x === a).map(([, b, runs]) => [b, runs])),
      ]),
    ),
  });
  it('finds a ring made of type-only imports too, which module-level checks miss', () => {
    expect(
      folderCycles(
        graph([
          ['main/a', 'main/b', true],
          ['main/b', 'main/c', false],
          ['main/c', 'main/a', false],
        ]),
      ),
    ).toEqual([['main/a', 'main/b', 'main/c']]);
    expect(
      folderCycles(
        graph([
          ['main/a', 'main/b', true],
          ['main/b', 'main/c', true],
        ]),
      ),
    ).toEqual([]);
  });
  it('and the real tree has none', async () => {
    const { output } = await cruise(['main', 'common', 'renderer/src', 'preload', 'cli'], {
      ...config.options,
      validate: false,
    });
    expect(folderCycles(folderGraph(output as ICruiseResult))).toEqual([]);
  });
});

describe('size and lint rules (ESLint) catch a planted violation', () => {
  const eslint = new ESLint({ cwd: root });
  const rulesHit = async (text: string, file: string) =>
    (await eslint.lintText(text, { filePath: join(root, file) }))[0].messages.map((m) => m.ruleId);
  const longFunction = `export function f(): number {\n  let n = 0;\n${'  n += 1;\n'.repeat(85)}  return n;\n}\n`;
  const longFile = Array.from({ length: 360 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

  it('a function over 80 lines and a file over 350 lines in main/ or the window', async () => {
    expect(await rulesHit(longFunction, 'main/fleet/planted.ts')).toContain('max-lines-per-function');
    expect(await rulesHit(longFile, 'renderer/src/features/phones/planted.ts')).toContain('max-lines');
  });
  it('the stated exceptions hold: catalogues may be long, simulators too', async () => {
    expect(await rulesHit(longFile, 'common/i18n/en.ts')).not.toContain('max-lines');
    expect(await rulesHit(longFunction, 'main/sim/planted.ts')).not.toContain('max-lines-per-function');
  });
});
