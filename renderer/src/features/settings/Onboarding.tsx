import { useState } from 'react';
import { useApp, useI18n } from '../../state/context';
import { AccountForm } from './AccountForm';

/** First run: no account yet. Offer a working demo on the built-in simulators, or a real account. */
export function Onboarding() {
  const enableDemo = useApp((s) => s.enableDemo);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const { t } = useI18n();
  return (
    <div className="onboarding">
      <h1>{t('onboarding.title')}</h1>
      <p>{t('onboarding.pitch')}</p>
      {adding ? (
        <AccountForm onDone={() => setAdding(false)} />
      ) : (
        <div className="choices">
          <button
            className="primary big"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await enableDemo();
              setBusy(false);
            }}
          >
            {busy ? t('onboarding.startingDemo') : t('onboarding.tryDemo')}
          </button>
          <button className="big" onClick={() => setAdding(true)}>
            {t('onboarding.addAccount')}
          </button>
          <p className="muted">{t('onboarding.demoNote')}</p>
        </div>
      )}
    </div>
  );
}
