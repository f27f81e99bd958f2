import { useState } from 'react';
import type { SpendSummary } from '../../../common/policy';
import { currencySymbol } from '../lib/format';
import { useApp, useI18n } from '../state/context';

/**
 * The per-minute price of one account, in its currency: the person's own figure (providers do not say
 * what a minute costs). Saved on Enter or when leaving the field; empty clears it.
 */
export function PriceField({ s }: { s: SpendSummary }) {
  const setPrice = useApp((st) => st.setPrice);
  const [price, setPriceText] = useState(s.price === null || s.priceFromProvider ? '' : String(s.price));
  const [error, setError] = useState<string | null>(null);
  const { t } = useI18n();
  const save = () => {
    const trimmed = price.trim();
    if (!trimmed) return void setPrice(s.accountId, null).then(() => setError(null));
    const n = Number(trimmed.replace(',', '.'));
    if (!Number.isFinite(n) || n < 0 || n > 1000) return setError(t('spend.priceError'));
    setError(null);
    void setPrice(s.accountId, n);
  };
  const placeholder =
    s.priceFromProvider && s.price !== null ? t('spend.priceFromProvider', { price: s.price }) : t('spend.notSet');
  return (
    <>
      <label>
        {t('spend.priceIn', { currency: currencySymbol(s.currency) })}{' '}
        <input
          className="price"
          inputMode="decimal"
          value={price}
          // As wide as its hint, so "0.01 (provider)" is read whole, never "0.01 (provi…".
          size={Math.max(8, [...placeholder].length + 2)}
          placeholder={placeholder}
          aria-invalid={!!error}
          aria-describedby={error ? `price-err-${s.accountId}` : undefined}
          onChange={(e) => setPriceText(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => e.key === 'Enter' && save()}
        />
      </label>
      {error && (
        <span id={`price-err-${s.accountId}`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
