import { describeSource } from '../../common/activity';
import { splitPhoneKey } from '../../common/phone';
import { t } from '../../common/i18n/i18n';
import { ControlService } from '../control/control-service';
import { startControlServer } from '../control/control-server';
import { describeError } from '../kernel/errors';
import type { ConsentGate } from '../consent/consent-gate';
import type { Screens } from '../screens/screens';
import { whatFrom } from '../files/file-what';
import type { AppCoreDeps, Composed } from './deps';

/** A refused request's record: a failure to write it (a full disk, the app closing) is logged, never thrown at the client. */
function recordQuietly(k: Pick<Composed, 'ledger' | 'log'>, facts: Parameters<Composed['ledger']['commit']>[0]): void {
  try {
    k.ledger.commit(facts);
  } catch (e) {
    k.log.warn('could not record a request that ended without a yes', e);
  }
}

const END_CODES = { denied: 'DENIED', timedOut: 'TIMEOUT', withdrawn: 'WITHDRAWN' } as const;

/** The CLI/MCP control plane: the service, and its socket when this host has one. */
export async function composeControl(deps: AppCoreDeps, k: Composed & { gate: ConsentGate; screens: Screens }) {
  const control = new ControlService({
    fleet: k.fleet,
    clock: deps.clock,
    accounts: () => k.accounts.summaries(),
    consent: k.gate,
    open: (keys) => k.sessions.open(keys),
    screenshot: (key, signal) => k.screens.takeNow(key, signal),
    fileWhat: async (action, given) => {
      const what = whatFrom(action, given);
      await k.files.check(action, what);
      return what;
    },
    activity: (since) => k.ledger.jobs({ since, limit: 1000 }),
    settings: () => k.settings.get().control,
    pairClient: (client, tokenHash) =>
      void k.settings.update((s) => {
        const others = s.control.pairedClients.filter((p) => p.client !== client);
        s.control.pairedClients = [...others, { client, tokenHash, pairedAt: deps.clock.now() }];
      }),
    allowClient: (client) =>
      void k.settings.update(
        (s) => void (s.control.allowedClients = [...new Set([...s.control.allowedClients, client])]),
      ),
    onApprovalsChanged: (list, added) => {
      k.events.emit('control:approvals', list);
      // Once per new request; deciding one must not announce the others again.
      if (!added) return;
      const who = describeSource(added.client);
      const body =
        added.action === 'pair'
          ? t('approval.pairTitle', { who })
          : t('notify.approvalBody', { who, action: added.action, n: added.count });
      deps.notify?.(t('notify.approvalTitle'), body);
    },
    // A request that ended without a yes is in the activity record too: who asked, what, and how it ended.
    onApprovalEnded: (request, end) =>
      recordQuietly(k, [
        {
          op: 'job',
          id: request.id,
          at: request.at,
          source: request.client,
          action: request.action,
          total: request.count,
          finishedAt: deps.clock.now(),
          phones: request.keys.map((key) => {
            const phone = k.fleet.get(key);
            return {
              key,
              accountId: phone?.accountId ?? splitPhoneKey(key).accountId,
              name: phone?.name ?? key,
              ok: false,
              code: END_CODES[end],
              message: t(`approval.ended.${end}`),
            };
          }),
        },
      ]),
    approvalTimeoutMs: deps.control?.approvalTimeoutMs,
  });
  const controlServer = deps.control
    ? await startControlServer({
        ...deps.control,
        service: control,
        log: k.log,
        redact: (value) => k.secrets.redactValues(value),
      }).catch((e) => {
        k.log.error('could not start the control socket', e);
        k.startupNotices.push(t('notice.controlDown', { error: describeError(e).message }));
        return null;
      })
    : null;
  return { control, controlServer };
}
