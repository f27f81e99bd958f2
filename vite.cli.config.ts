import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  version: string;
};

/**
 * The `phonedeck` CLI and MCP server as one self-contained file (out/cli/phonedeck.mjs) that any Node ≥ 20
 * runs: every dependency is bundled, so the packaged app can ship it in its resources without node_modules.
 */
export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'cli/index.ts'),
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'phonedeck.mjs', codeSplitting: false } },
  },
  ssr: { noExternal: true, target: 'node' },
  // `phonedeck --version` says the app's version.
  define: { __PHONEDECK_VERSION__: JSON.stringify(version) },
});
