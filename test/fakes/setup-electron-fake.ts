import { vi } from 'vitest';

// The real `electron` module downloads a binary when required from Node; every main-process test gets
// the one shared fake instead (Fiddle/Podman style).
vi.mock('electron', async () => {
  const fake = await import('./electron');
  return { ...fake, default: fake };
});
