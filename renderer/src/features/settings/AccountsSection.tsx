import { useState } from 'react';
import type { AccountSummary } from '../../../../common/contract';
import type { ProviderCapabilities } from '../../../../common/phone';
import { ConfirmDialog, focusWhenShown } from '../../ui/Dialog';
import { PriceField } from '../../ui/PriceField';
import { formatAgo, formatClock } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useApp, useI18n } from '../../state/context';
import { AccountForm } from './AccountForm';

/** The accounts, each with its health and what its provider offers; add, test and remove. */
export function AccountsSection() {
  const accounts = useApp((s) => s.accounts);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const { t } = useI18n();
  const removingAccount = accounts.find((a) => a.id === removing);
  return (
    <section>
      <h2>{t('settings.accounts')}</h2>
      <p className="muted">{t('settings.keysNote')}</p>
      <ul className="accounts">
        {accounts.map((a) => (
          <AccountCard key={a.id} account={a} onRemove={() => setRemoving(a.id)} />
        ))}
      </ul>
      {adding ? (
        <AccountForm
          onDone={(addedId) => {
            setAdding(false);
            // Saved: focus goes to the new account's card; cancelled: back to "Add account".
            focusWhenShown(addedId ? `[data-testid="account-${addedId}"] button` : '[data-testid="add-account"]');
          }}
        />
      ) : (
        <button className="primary" data-testid="add-account" onClick={() => setAdding(true)}>
          {t('settings.addAccount')}
        </button>
      )}
      {removingAccount && <RemoveAccountDialog account={removingAccount} onClose={() => setRemoving(null)} />}
    </section>
  );
}

function AccountCard({ account: a, onRemove }: { account: AccountSummary; onRemove: () => void }) {
  const testAccount = useApp((s) => s.testAccount);
  // GeeLark bills by the minute and never says at what price: the account asks the person for it here too.
  const spend = useApp((s) => (a.provider === 'geelark' ? s.spend.find((x) => x.accountId === a.id) : undefined));
  const [testing, setTesting] = useState<string | null>(null);
  // A list read that worked is proof the account works, whether or not "Test" was pressed.
  const listedAt = useApp((s) => s.refresh.accounts[a.id]?.lastGoodAt ?? null);
  const now = useNow(30_000);
  const { t } = useI18n();
  return (
    <li className="card" data-testid={`account-${a.id}`}>
      <div>
        <strong>{a.label}</strong>{' '}
        <span className={`provider provider-${a.provider}`}>{t(`provider.${a.provider}`)}</span>
        {a.demo && <span className="tag">{t('settings.demo')}</span>}
        {a.team && <span className="tag">{t('team.accountFromTeam')}</span>}
        <div className={`health health-${a.lockedUntil ? 'error' : a.health.state}`} data-testid="account-health">
          {a.lockedUntil
            ? t('settings.locked', { time: formatClock(a.lockedUntil) })
            : a.health.state === 'ok'
              ? t('settings.connected')
              : a.health.state === 'error'
                ? t('settings.healthError', { message: a.health.message })
                : listedAt !== null
                  ? t('settings.listedOk', { when: formatAgo(now - listedAt) })
                  : t('settings.notTested')}
        </div>
        <div className="muted small-text">
          {t('settings.can', {
            what:
              (Object.keys(a.capabilities) as (keyof ProviderCapabilities)[])
                .filter((k) => a.capabilities[k])
                .map((k) => t(`settings.cap.${k}`))
                .join(t('common.separator')) || t('settings.canNothing'),
          })}
        </div>
        {spend && (
          <div className="row-actions">
            <PriceField s={spend} />
          </div>
        )}
      </div>
      <span className="spacer" />
      <button
        disabled={testing === a.id}
        onClick={async () => {
          setTesting(a.id);
          await testAccount(a.id);
          setTesting(null);
        }}
      >
        {testing === a.id ? t('settings.testing') : t('settings.test')}
      </button>
      {/* A team account's key is on another node: it is the team's to remove, not this desktop's. */}
      {!a.team && (
        <button className="danger" onClick={onRemove} aria-label={t('settings.removeLabel', { name: a.label })}>
          {t('settings.remove')}
        </button>
      )}
    </li>
  );
}

/** Removing an account says what goes (its key, its phones from the list) and what stays running. */
function RemoveAccountDialog({ account, onClose }: { account: AccountSummary; onClose: () => void }) {
  const removeAccount = useApp((s) => s.removeAccount);
  const phones = useApp((s) => s.phones);
  const { t } = useI18n();
  const phonesOf = (accountId: string) => {
    let n = 0;
    for (const p of phones.values()) if (p.accountId === accountId) n++;
    return n;
  };
  return (
    <ConfirmDialog
      title={t('settings.removeTitle', { name: account.label })}
      confirmLabel={t('settings.removeConfirm')}
      danger
      returnFocusTo='[data-testid="add-account"]'
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        void removeAccount(account.id);
      }}
    >
      <p>{t('settings.removeWhat')}</p>
      <ul>
        <li>{t('settings.removeKey')}</li>
        <li>{t('settings.removePhones', { n: phonesOf(account.id) })}</li>
      </ul>
      <p>{t('settings.removeKeepsRunning', { provider: t(`provider.${account.provider}`) })}</p>
    </ConfirmDialog>
  );
}
