// Run as a child process by the crash test: commits jobs in a loop, printing each id once its commit
// returned, until it is killed. Compacts often so a kill also lands inside snapshot writes.
import { Ledger } from '../../main/ledger/ledger';

const file = process.argv[2];
const ledger = await Ledger.open({ file, now: Date.now, compactAtBytes: 20_000 });
for (let i = 0; ; i++) {
  const id = `job_${process.pid}_${i}`;
  ledger.commit([
    {
      op: 'job',
      id,
      at: Date.now(),
      source: 'window',
      action: 'stop',
      total: 20,
      finishedAt: Date.now(),
      phones: Array.from({ length: 20 }, (_, j) => ({
        key: `a/${j}`,
        accountId: 'a',
        name: `Phone ${j}`,
        ok: true,
        code: '',
        message: 'Stop requested',
      })),
    },
  ]);
  process.stdout.write(`${id}\n`);
}
