import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RefreshState } from '../../common/contract';
import { t } from '../../common/i18n/i18n';
import { describeError } from '../kernel/errors';
import { Ledger } from '../ledger/ledger';
import { ActivityRecorder } from '../ledger/recorder';
import { RetentionPruner } from '../ledger/retention';
import type { AppCoreDeps, Composed } from './deps';

/** The activity record: opened (or a temporary one, said so), kept bounded, and fed by the fleet. */
export async function composeRecord(
  deps: AppCoreDeps,
  k: Pick<Composed, 'settings' | 'log' | 'events' | 'fleet' | 'startupNotices' | 'secrets'>,
) {
  const retentionDays = () => k.settings.get().autopilot.retentionDays;
  const open = (file: string) => Ledger.open({ file, now: deps.clock.now, retentionDays: retentionDays() });
  const temporaryFile = () => join(mkdtempSync(join(tmpdir(), 'phonedeck-ledger-')), 'activity.sqlite');
  // The app must start even where its record cannot be kept (a read-only or full disk): then it says so.
  const ledger = await open(deps.ledgerFile ?? temporaryFile()).catch(async (e) => {
    k.log.error('could not open the activity record', e);
    k.startupNotices.push(t('notice.ledgerTemporary', { error: describeError(e).message }));
    return open(temporaryFile());
  });
  k.startupNotices.push(...ledger.notices);
  const pruner = new RetentionPruner({ ledger, clock: deps.clock, log: k.log, retentionDays });
  k.fleet.onChange(pruner.pruneWhenDue);
  k.settings.onChange(pruner.pruneWhenDue);
  const recorder = new ActivityRecorder({
    ledger,
    fleet: k.fleet,
    clock: deps.clock,
    log: k.log,
    onWriteProblem: (message) => message && k.events.emit('notice', { level: 'error', message }),
    redact: (value) => k.secrets.redactValues(value),
  });
  // Runs a previous session left open end at their last sighting once the first full list shows them stopped.
  const settleOnce = k.events.subscribe((event, payload) => {
    if (event !== 'refresh:state' || !(payload as RefreshState).lastRefreshAt) return;
    settleOnce();
    recorder.settleAfterFirstList();
  });
  return { ledger, recorder };
}
