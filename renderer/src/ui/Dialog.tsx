import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../state/context';

/** Moves focus to `selector` once React has finished the current update (a panel just closed). */
export function focusSoon(selector: string): void {
  setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 0);
}

/**
 * Focuses `selector` once it is on screen (a view that appears after a request: the list after the demo
 * starts), trying each frame for up to `ms`. Nothing happens if the person moved focus meanwhile.
 */
export function focusWhenShown(selector: string, ms = 3_000): void {
  const from = document.activeElement;
  const until = performance.now() + ms;
  const step = () => {
    const moved = document.activeElement !== from && document.activeElement !== document.body;
    if (moved) return;
    const el = document.querySelector<HTMLElement>(selector);
    if (el) el.focus();
    else if (performance.now() < until) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

/**
 * Gives focus back when a dialog, panel or form closes: to the control that opened it when it is still
 * there and usable, otherwise to `fallback` (a selector), so keyboard users never land on <body>.
 */
export function useRestoreFocus(fallback: string, handedOn?: () => boolean): void {
  // Read at close time, so the effect below runs once per opening.
  const handed = useRef(handedOn);
  handed.current = handedOn;
  useEffect(() => {
    const opener =
      document.activeElement instanceof HTMLElement && document.activeElement !== document.body
        ? document.activeElement
        : null;
    return () => {
      // Whoever closed it said where focus goes next (a saved form: to what it made).
      if (handed.current?.()) return;
      // After React has removed the dialog (and maybe disabled the opener).
      setTimeout(() => {
        const usable = (el: Element | null): el is HTMLElement =>
          el instanceof HTMLElement && el.isConnected && !(el as HTMLButtonElement).disabled;
        const target = usable(opener) ? opener : document.querySelector(fallback);
        if (usable(target)) target.focus();
      }, 0);
    };
  }, [fallback]);
}

/**
 * The app's own confirmation dialog (never the native confirm()): modal, named by its title, Escape
 * cancels, Enter confirms once `canConfirm` allows, and focus returns to where it came from.
 */
export function ConfirmDialog(props: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** What Cancel is called here ("Deny"). */
  cancelLabel?: string;
  danger?: boolean;
  canConfirm?: boolean;
  /** Where focus goes afterwards if the opener is gone or disabled. */
  returnFocusTo: string;
  onCancel(): void;
  onConfirm(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const { t } = useI18n();
  useRestoreFocus(props.returnFocusTo);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    // Focus what the dialog asks for (a field to type in), else Cancel: the safe choice for a stray Enter.
    (d.querySelector<HTMLElement>('[data-autofocus]') ?? d.querySelector<HTMLElement>('button'))?.focus();
  }, []);
  const canConfirm = props.canConfirm ?? true;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canConfirm) props.onConfirm();
        }}
      >
        <h2 id={titleId}>{props.title}</h2>
        <div id={bodyId}>{props.children}</div>
        <div className="dialog-buttons">
          <button type="button" onClick={props.onCancel}>
            {props.cancelLabel ?? t('common.cancel')}
          </button>
          <button type="submit" className={props.danger ? 'danger-solid' : 'primary'} disabled={!canConfirm}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
