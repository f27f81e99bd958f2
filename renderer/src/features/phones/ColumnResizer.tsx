import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { clampColumn as clamp, MAX_COLUMN_PX, MIN_COLUMN_PX } from './columns';
import { useI18n } from '../../state/context';

/**
 * The handle on a column header's right edge: drag to resize. From the keyboard a focused column header takes
 * + and − (Shift: bigger steps) and 0; focused directly, this handle takes ←/→ and Home the same way. The
 * width is remembered across restarts.
 */
export function ColumnResizer({
  label,
  width,
  onWidth,
}: {
  label: string;
  width: number | undefined;
  onWidth(px: number | null): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  // The column's real width, for screen readers (aria-valuenow), kept up to date as it changes.
  const [measured, setMeasured] = useState(width ?? MIN_COLUMN_PX);
  useLayoutEffect(() => {
    const cell = ref.current?.parentElement;
    if (!cell || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setMeasured(Math.round(cell.getBoundingClientRect().width)));
    observer.observe(cell);
    return () => observer.disconnect();
  }, []);
  const current = (el: Element) => el.parentElement?.getBoundingClientRect().width ?? width ?? MIN_COLUMN_PX;
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const handle = e.currentTarget;
    const startX = e.clientX;
    const startWidth = current(handle);
    handle.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => onWidth(clamp(startWidth + ev.clientX - startX));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 32 : 8;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft')
      onWidth(clamp(current(e.currentTarget) + (e.key === 'ArrowRight' ? step : -step)));
    else if (e.key === 'Home') onWidth(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div
      ref={ref}
      className="col-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={t('column.resize', { column: label })}
      aria-valuemin={MIN_COLUMN_PX}
      aria-valuemax={MAX_COLUMN_PX}
      aria-valuenow={measured}
      // Reached with the pointer; from the keyboard a focused column header takes + − 0 (one Tab stop for the row).
      tabIndex={-1}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onClick={(e) => e.stopPropagation()}
    />
  );
}
