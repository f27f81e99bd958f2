import { useState } from 'react';
import { useApp } from '../state/context';
import { AccountForm } from './AccountForm';

/** First run: no account yet. Offer a working demo on the built-in simulators, or a real account. */
export function Onboarding() {
  const enableDemo = useApp((s) => s.enableDemo);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <div className="onboarding">
      <h1>Welcome to Phonedeck</h1>
      <p>Start, stop and open your GeeLark and Huawei cloud phones from the desktop — and never leave one billing by accident.</p>
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
            {busy ? 'Starting the demo…' : 'Try the demo workspace'}
          </button>
          <button className="big" onClick={() => setAdding(true)}>
            Add my account
          </button>
          <p className="muted">The demo runs simulated GeeLark and Huawei fleets on this computer. Nothing is billed.</p>
        </div>
      )}
    </div>
  );
}
