import { focusSoon } from '../../ui/Dialog';
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { Phone } from '../../../../common/phone';
import { useApp, useI18n } from '../../state/context';
import { label, quickActionsFor } from '../../lib/eligibility';

export interface MenuAt {
  key: string;
  x: number;
  y: number;
}

/**
 * The right-click (or Shift+F10 / Menu key) menu of one phone: its own actions, details, copy id and
 * favourite. Arrow keys move, Escape closes, and focus goes back to the list.
 */
export function RowMenu({ at, phone, onClose }: { at: MenuAt; phone: Phone; onClose(): void }) {
  const items = useMenuItems(phone);
  const ref = useRef<HTMLUListElement>(null);
  const { t } = useI18n();
  const close = () => {
    onClose();
    focusSoon('[role="grid"]');
  };
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && onClose();
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [onClose]);
  const move = (delta: number) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    all[(i + delta + all.length) % all.length]?.focus();
  };
  // In a portal: a menu is not allowed inside the grid, and the scroller's containment would clip it.
  return createPortal(
    <ul
      ref={ref}
      className="row-menu"
      role="menu"
      aria-label={t('menu.label', { name: phone.name })}
      style={{
        left: Math.min(at.x, window.innerWidth - 220),
        top: Math.min(at.y, window.innerHeight - 40 * items.length),
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown') move(1);
        else if (e.key === 'ArrowUp') move(-1);
        else if (e.key === 'Escape' || e.key === 'Tab') close();
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
    >
      {items.map((item) => (
        <li key={item.label} role="none">
          <button
            role="menuitem"
            tabIndex={-1}
            onClick={() => {
              item.run();
              close();
            }}
          >
            {item.label}
          </button>
        </li>
      ))}
    </ul>,
    document.body,
  );
}

/** The phone's own actions, then details, copy id and favourite. */
function useMenuItems(phone: Phone): { label: string; run(): void }[] {
  const accounts = useApp((s) => s.accounts);
  const act = useApp((s) => s.act);
  const showDetails = useApp((s) => s.showDetails);
  const favorites = useApp((s) => s.settings?.favorites);
  const setFavorite = useApp((s) => s.setFavorite);
  const notify = useApp((s) => s.notify);
  const { t } = useI18n();
  const favorite = (favorites ?? []).includes(phone.key);
  return [
    ...quickActionsFor(phone, accounts).map((a) => ({
      label: t('menu.action', { action: label(a), name: phone.name }),
      run: () => void act(a, [phone.key]),
    })),
    { label: t('menu.details'), run: () => showDetails(phone.key) },
    {
      label: t('menu.copyId'),
      run: () =>
        void navigator.clipboard.writeText(phone.id).then(
          () => notify({ level: 'info', message: t('menu.copiedId', { name: phone.name }) }),
          () => notify({ level: 'error', message: t('common.copyFailed') }),
        ),
    },
    {
      label: t(favorite ? 'menu.removeFavorite' : 'menu.addFavorite'),
      run: () => void setFavorite(phone.key, !favorite),
    },
  ];
}
