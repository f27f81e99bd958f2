import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/main/**/*.test.ts', 'test/sim/**/*.test.ts'],
          environment: 'node',
          // Any test that touches Electron glue gets the one shared fake instead of the real module,
          // which would try to download a binary.
          setupFiles: ['test/fakes/setup-electron-fake.ts'],
          // electron-store imports `electron` itself; inlining it lets the fake reach that import too.
          server: { deps: { inline: ['electron-store'] } },
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: { name: 'renderer', include: ['test/renderer/**/*.test.{ts,tsx}'], environment: 'happy-dom' },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
