/**
 * Runs `work` one at a time: a call while it runs does not start a second run, it asks for one more after
 * the current one (however many calls came meanwhile), and gets the same promise. For reads woken by
 * notifications, where a notification during a read must not be lost and must not start a parallel read.
 * `onError` decides what a failed run means (nothing: the promise still settles).
 */
export function oneAtATime(work: () => Promise<void>, onError: (e: unknown) => void): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await work();
      } while (again);
    })()
      .catch(onError)
      .finally(() => (running = null));
    return running;
  };
}
