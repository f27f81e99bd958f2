import { useI18n } from '../state/context';

/** Marked-to-keep phones an action leaves out, listed apart, with the explicit "also include these N". */
export function KeptApart(props: { names: readonly string[]; include: boolean; onInclude(include: boolean): void }) {
  const { t, items } = useI18n();
  const { names } = props;
  if (!names.length) return null;
  const shown =
    items(names.slice(0, 5)) + (names.length > 5 ? ` ${t('common.moreCount', { n: names.length - 5 })}` : '');
  return (
    <div className="kept-apart" data-testid="kept-apart">
      {!props.include && <p className="warn">{t('plan.keptApart', { n: names.length, names: shown })}</p>}
      <label className="check">
        <input
          type="checkbox"
          checked={props.include}
          onChange={(e) => props.onInclude(e.target.checked)}
          data-testid="include-kept"
        />{' '}
        {t('plan.includeKept', { n: names.length })}
      </label>
    </div>
  );
}
