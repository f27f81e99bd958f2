import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../state/context';

/**
 * A small drop-down built on <details>: keyboard-operable without script, closes on Escape (focus back
 * on its button) and when a click lands outside.
 */
export function Dropdown({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const outside = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener('click', outside);
    return () => document.removeEventListener('click', outside);
  }, []);
  return (
    <details
      ref={ref}
      className="dropdown"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && ref.current?.open) {
          e.stopPropagation();
          ref.current.open = false;
          ref.current.querySelector('summary')?.focus();
        }
      }}
    >
      {/* The visible text is the name: screen readers hear what sighted users read. */}
      <summary>{label}</summary>
      <div className="dropdown-body">{children}</div>
    </details>
  );
}

/** Pick any number of values; none picked means no filter. */
export function MultiSelect({
  name,
  lowerName,
  options,
  picked,
  onChange,
}: {
  name: string;
  lowerName: string;
  options: string[];
  picked: string[];
  onChange(next: string[]): void;
}) {
  const { t } = useI18n();
  const set = new Set(picked);
  const label = !picked.length
    ? t('multi.all', { name: lowerName })
    : picked.length === 1
      ? t('multi.one', { name, value: picked[0] })
      : t('multi.picked', { name, n: picked.length });
  return (
    <Dropdown label={label}>
      <fieldset className="multi">
        <legend className="sr-only">{name}</legend>
        {options.length === 0 && <span className="muted">{t('common.none')}</span>}
        {options.map((o) => (
          <label key={o} className="check">
            <input
              type="checkbox"
              checked={set.has(o)}
              onChange={(e) => onChange(e.target.checked ? [...picked, o] : picked.filter((x) => x !== o))}
            />{' '}
            {o}
          </label>
        ))}
        {picked.length > 0 && (
          <button type="button" className="link" onClick={() => onChange([])}>
            {t('multi.clear', { name: lowerName })}
          </button>
        )}
      </fieldset>
    </Dropdown>
  );
}
