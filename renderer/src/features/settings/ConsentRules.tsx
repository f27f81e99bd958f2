import { useState } from 'react';
import { useApp, useI18n } from '../../state/context';

const COUNTS = [0, 1, 5, 10, 25, 100];
const MINUTES = [1, 5, 15, 60];

/** The one rule table every door follows, in words first, then its three numbers. */
export function ConsentRules() {
  const settings = useApp((s) => s.settings)!;
  const update = useApp((s) => s.updateSettings);
  const { t } = useI18n();
  const rules = settings.consent;
  const [cost, setCost] = useState(rules.askAboveCostPerHour === null ? '' : String(rules.askAboveCostPerHour));
  const saveCost = () => {
    const n = Number(cost.replace(',', '.'));
    if (!cost.trim()) void update({ consent: { askAboveCostPerHour: null } });
    else if (Number.isFinite(n) && n >= 0) void update({ consent: { askAboveCostPerHour: n } });
  };
  return (
    <fieldset className="consent-rules" data-testid="consent-rules">
      <legend>{t('consent.rulesTitle')}</legend>
      <ul>
        <li>{t('consent.rule.always')}</li>
        <li>{t('consent.rule.count', { n: rules.askAbovePhones, minutes: rules.windowMinutes })}</li>
        <li>
          {rules.askAboveCostPerHour === null
            ? t('consent.rule.noCost')
            : t('consent.rule.cost', { amount: rules.askAboveCostPerHour.toFixed(2) })}
        </li>
        <li>{t('consent.rule.policy')}</li>
        <li>{t('consent.rule.link')}</li>
        <li>{t('consent.rule.kept')}</li>
      </ul>
      <NumberChoice
        label={t('consent.askAbove')}
        value={rules.askAbovePhones}
        choices={COUNTS}
        onChange={(n) => void update({ consent: { askAbovePhones: n } })}
      />{' '}
      <NumberChoice
        label={t('consent.windowMinutes')}
        value={rules.windowMinutes}
        choices={MINUTES}
        onChange={(n) => void update({ consent: { windowMinutes: n } })}
      />{' '}
      <label>
        {t('consent.costLimit')}{' '}
        <input
          className="short"
          inputMode="decimal"
          placeholder={t('consent.costNone')}
          value={cost}
          onChange={(e) => setCost(e.target.value)}
          onBlur={saveCost}
        />
      </label>
    </fieldset>
  );
}

/** A number picked from a few sensible values (plus the current one, whatever it is). */
function NumberChoice(p: { label: string; value: number; choices: readonly number[]; onChange(n: number): void }) {
  return (
    <label>
      {p.label}{' '}
      <select value={p.value} onChange={(e) => p.onChange(Number(e.target.value))}>
        {[...new Set([...p.choices, p.value])]
          .sort((a, b) => a - b)
          .map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
      </select>
    </label>
  );
}
