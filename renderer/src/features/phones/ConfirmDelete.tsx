import { useState } from 'react';
import type { Phone } from '../../../../common/phone';
import { formatCount } from '../../lib/format';
import { ConfirmDialog } from '../../ui/Dialog';
import { NamedPhones } from '../../ui/NamedPhones';
import { KeptApart } from '../../ui/KeptApart';
import { useI18n } from '../../state/context';
import { useKept } from './use-kept';

/**
 * Delete is permanent, so it names the phones and asks. It flags phones that look meant to be kept, says
 * how many are hidden by the filters, and for 20 or more asks for the count to be typed (then Enter works).
 * Running phones cannot be deleted (43009); it offers to stop them, wait until they read stopped, then delete.
 */
export function ConfirmDelete(props: {
  phones: Phone[];
  /** How many of the given phones the filters hide. */
  hiddenAmong(keys: readonly string[]): number;
  favorites: ReadonlySet<string>;
  onCancel(): void;
  onConfirm(stopFirst: boolean, keys: string[], includeKept: boolean): void;
}) {
  const { favorites } = props;
  // Phones marked to keep are left out unless the person includes them on purpose.
  const { kept, keptNames, rest } = useKept(props.phones, favorites);
  const [includeKept, setIncludeKept] = useState(false);
  const phones = includeKept ? props.phones : rest;
  const running = phones.filter((p) => p.status === 'running' || p.status === 'fault');
  const [stopFirst, setStopFirst] = useState(true);
  const [typed, setTyped] = useState('');
  const { t } = useI18n();
  const chosen = stopFirst ? phones : phones.filter((p) => !running.includes(p));
  const keys = chosen.map((p) => p.key);
  const hidden = props.hiddenAmong(keys);
  const needsTyping = keys.length >= 20;
  const canDelete = keys.length > 0 && (!needsTyping || typed.trim() === String(keys.length));
  return (
    <ConfirmDialog
      title={t('delete.title', { n: keys.length })}
      confirmLabel={t('delete.confirm', { n: formatCount(keys.length) })}
      danger
      canConfirm={canDelete}
      returnFocusTo='[role="grid"]'
      onCancel={props.onCancel}
      onConfirm={() => props.onConfirm(stopFirst && running.length > 0, keys, includeKept)}
    >
      <p>{t('delete.permanent')}</p>
      <NamedPhones phones={chosen} favorites={favorites} label={t('delete.listLabel')} />
      {kept.length > 0 && <KeptApart names={keptNames} include={includeKept} onInclude={setIncludeKept} />}
      {hidden > 0 && (
        <p className="warn" data-testid="hidden-warning">
          {t('delete.hidden', { n: hidden })}
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
          <input
            aria-label={t('delete.typeLabel')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            data-autofocus
            inputMode="numeric"
          />
        </label>
      )}
    </ConfirmDialog>
  );
}
