import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return sources(rel);
    return /\.(ts|tsx)$/.test(name) ? [rel] : [];
  });
}
/** Runtime imports only: `import type` is erased and may cross boundaries. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** Code that uses it (`ipcRenderer.x`, or naming it in an import list), not prose that mentions it. */
const USES_IPC_RENDERER = /\bipcRenderer\s*[.,}]/;

describe('architecture boundaries (the lint rules GitHub Desktop enforces with no-restricted-imports)', () => {
  it('only the entry (main/index.ts) and Electron adapters (electron-*.ts) load electron; feature logic, providers and simulators do not', () => {
    const offenders = sources('main')
      .filter((f) => f !== 'main/index.ts' && !/(^|\/)electron-[^/]+\.ts$/.test(f))
      .filter((f) => runtimeImports(f).includes('electron'));
    expect(offenders).toEqual([]);
  });

  it('the window loads no zod: main validates, and the renderer bundle stays small for the first paint', () => {
    const seen = new Set<string>();
    const visit = (file: string): string[] => {
      if (seen.has(file)) return [];
      seen.add(file);
      return runtimeImports(file).flatMap((spec) => {
        if (!spec.startsWith('.')) return spec === 'zod' || spec.startsWith('zod/') ? [file] : [];
        const base = join(file, '..', spec);
        const next = ['.ts', '.tsx', '/index.ts']
          .map((ext) => base + ext)
          .find((f) => {
            try {
              return statSync(join(root, f)).isFile();
            } catch {
              return false;
            }
          });
        return next ? visit(next) : [];
      });
    };
    expect(visit('renderer/src/main.tsx')).toEqual([]);
    expect(seen.size).toBeGreaterThan(30);
  });

  it('only the preload touches ipcRenderer, and the renderer knows nothing of Electron, Node or main', () => {
    for (const f of sources('renderer/src')) {
      const imports = runtimeImports(f);
      expect(
        imports.filter((i) => i === 'electron' || i.startsWith('node:') || i.includes('/main/')),
        f,
      ).toEqual([]);
      expect(readFileSync(join(root, f), 'utf8')).not.toMatch(USES_IPC_RENDERER);
    }
    const usesIpcRenderer = [...sources('main'), ...sources('common'), ...sources('renderer/src')].filter((f) =>
      USES_IPC_RENDERER.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(usesIpcRenderer).toEqual([]);
  });

  it('provider code knows nothing of the UI, and UI code knows nothing of HTTP', () => {
    for (const f of sources('main/providers'))
      expect(
        runtimeImports(f).filter((i) => i.includes('renderer') || i.includes('/windows/')),
        f,
      ).toEqual([]);
    const fetching = sources('renderer/src')
      .filter((f) => !f.startsWith('renderer/src/bridge/'))
      .filter((f) => /\bfetch\(|XMLHttpRequest|EventSource/.test(readFileSync(join(root, f), 'utf8')));
    expect(fetching.map((f) => relative(root, join(root, f)))).toEqual([]);
  });
});
