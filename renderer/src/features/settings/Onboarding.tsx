import { useState } from 'react';
import { focusWhenShown } from '../../ui/Dialog';
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
        <AccountForm
          onDone={(addedId) => {
            setAdding(false);
            // Saved: the list takes the window, and focus goes to it; cancelled: back to the two choices.
            focusWhenShown(addedId ? '[role="grid"]' : '[data-testid="add-first-account"]');
          }}
        />
      ) : (
        <div className="choices">
          <button
            className="primary big"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await enableDemo();
              setBusy(false);
              // The button is gone with the onboarding: focus goes where the phones appear.
              focusWhenShown('[role="grid"]');
            }}
          >
            {busy ? t('onboarding.startingDemo') : t('onboarding.tryDemo')}
          </button>
          <button className="big" data-testid="add-first-account" onClick={() => setAdding(true)}>
            {t('onboarding.addAccount')}
          </button>
          <p className="muted">{t('onboarding.demoNote')}</p>
        </div>
      )}
    </div>
  );
}
