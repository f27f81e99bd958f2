// Since Electron 42 the binary is fetched on the first require('electron') from Node, not at install.
// `npm start` calls this first so a fresh connected machine downloads it once, with a clear message if it cannot.
import { createRequire } from 'node:module';

try {
  const path = createRequire(import.meta.url)('electron');
  console.log(`Electron binary: ${path}`);
} catch (e) {
  console.error(
    `Could not get the Electron binary (${e.message}). This needs internet access once; tests do not need it.`,
  );
  process.exit(1);
}
