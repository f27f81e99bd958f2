import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: { lib: { entry: resolve(root, 'main/index.ts') } },
  },
  preload: {
    build: {
      lib: { entry: resolve(root, 'preload/index.ts') },
      // A sandboxed preload cannot require node_modules and cannot be ESM: bundle everything as one CJS file.
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    // Minified: the renderer bundle is what the 10,000-row first-paint budget pays for.
    build: { minify: true, rollupOptions: { input: resolve(root, 'renderer/index.html') } },
  },
});
