import type { Phone } from '../../../common/phone';
import { formatCount } from '../lib/format';
import { nameQualifier } from '../../../common/qualified-names';
import { keptWhy } from '../../../common/keep';
import { useApp, useI18n } from '../state/context';

const SHOWN_NAMES = 10;

/**
 * What a destructive action (delete, reset) is about to touch, by name: the first ten, then "+N more", and
 * a warning naming the phones that look meant to be kept (a favourite, a remark or tag such as "do not delete").
 */
export function NamedPhones({
  phones,
  favorites,
  label,
}: {
  phones: readonly Phone[];
  favorites: ReadonlySet<string>;
  label: string;
}) {
  const { t, items } = useI18n();
  const all = useApp((s) => s.phones);
  const accounts = useApp((s) => s.accounts);
  // One pass over the whole list names both the phones shown and the ones warned about.
  const qualify = nameQualifier(all.values(), (id) => accounts.find((a) => a.id === id)?.label ?? id);
  const keepRunning = useApp((s) => s.autopilot?.keepRunning);
  const marks = new Set(keepRunning ?? []);
  const keepers = phones.filter((p) => keptWhy(p, favorites, marks));
  const shown = phones.slice(0, SHOWN_NAMES).map(qualify);
  return (
    <>
      <ul className="name-list" aria-label={label}>
        {phones.slice(0, SHOWN_NAMES).map((p, i) => (
          <li key={p.key}>{shown[i]}</li>
        ))}
        {phones.length > SHOWN_NAMES && (
          <li className="muted">{t('common.moreCount', { n: formatCount(phones.length - SHOWN_NAMES) })}</li>
        )}
      </ul>
      {keepers.length > 0 && (
        <p className="warn" data-testid="keep-warning">
          {t('delete.keepers', {
            names: items(keepers.slice(0, 5).map(qualify)),
            more: Math.max(0, keepers.length - 5),
          })}
        </p>
      )}
    </>
  );
}
