import { afterEach } from 'vitest';

/** Returns a wrapper that remembers what it opened and closes all of it after each test. */
export function closeAfterEach() {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });
  return async <T extends { close(): Promise<void> }>(opening: Promise<T>): Promise<T> => {
    const it = await opening;
    open.push(it);
    return it;
  };
}
