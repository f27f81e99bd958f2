import { useState } from 'react';
import type { Phone } from '../../../common/phone';
import { formatCount } from '../format';
import { ConfirmDialog } from './Dialog';
import { useI18n } from '../state/context';

const SHOWN_NAMES = 10;
/** Remarks or tags that say a phone is meant to be kept. */
const KEEP_WORDS = /\b(do not delete|don'?t delete|keep|important|prod(uction)?|vip|client)\b/i;

/**
 * Delete is permanent, so it names the phones and asks. It flags phones that look meant to be kept, says
 * how many are hidden by the filters, and for 20 or more asks for the count to be typed (then Enter works).
 * Running phones cannot be deleted (43009); it offers to stop them, wait until they read stopped, then delete.
 */
export function ConfirmDelete(props: { phones: Phone[]; hidden: number; favorites: ReadonlySet<string>; onCancel(): void; onConfirm(stopFirst: boolean, keys: string[]): void }) {
  const { phones, hidden, favorites } = props;
  const running = phones.filter((p) => p.status === 'running' || p.status === 'fault');
  const [stopFirst, setStopFirst] = useState(true);
  const [typed, setTyped] = useState('');
  const { t, items } = useI18n();
  const chosen = stopFirst ? phones : phones.filter((p) => !running.includes(p));
  const keys = chosen.map((p) => p.key);
  const needsTyping = keys.length >= 20;
  const canDelete = keys.length > 0 && (!needsTyping || typed.trim() === String(keys.length));
  const keepers = chosen.filter((p) => favorites.has(p.key) || KEEP_WORDS.test(p.remark) || p.tags.some((t) => KEEP_WORDS.test(t)));
  return (
    <ConfirmDialog
      title={t('delete.title', { n: keys.length })}
      confirmLabel={t('delete.confirm', { n: formatCount(keys.length) })}
      danger
      canConfirm={canDelete}
      returnFocusTo='[role="grid"]'
      onCancel={props.onCancel}
      onConfirm={() => props.onConfirm(stopFirst && running.length > 0, keys)}
    >
      <p>{t('delete.permanent')}</p>
      <ul className="name-list" aria-label={t('delete.listLabel')}>
        {chosen.slice(0, SHOWN_NAMES).map((p) => (
          <li key={p.key}>{p.name}</li>
        ))}
        {chosen.length > SHOWN_NAMES && <li className="muted">{t('common.moreCount', { n: formatCount(chosen.length - SHOWN_NAMES) })}</li>}
      </ul>
      {hidden > 0 && (
        <p className="warn" data-testid="hidden-warning">
          {t('delete.hidden', { n: hidden })}
        </p>
      )}
      {keepers.length > 0 && (
        <p className="warn" data-testid="keep-warning">
          {t('delete.keepers', { names: items(keepers.slice(0, 5).map((p) => p.name)), more: Math.max(0, keepers.length - 5) })}
        </p>
      )}
      {running.length > 0 && (
        <label className="check">
          <input type="checkbox" checked={stopFirst} onChange={(e) => setStopFirst(e.target.checked)} />
          {t('delete.running', { n: running.length })}
          {stopFirst ? '' : t('delete.runningSkipped', { n: running.length })}
        </label>
      )}
      {needsTyping && (
        <label>
          {t('delete.typeCount', { n: keys.length })}
          <input aria-label={t('delete.typeLabel')} value={typed} onChange={(e) => setTyped(e.target.value)} data-autofocus inputMode="numeric" />
        </label>
      )}
    </ConfirmDialog>
  );
}
