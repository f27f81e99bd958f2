import { Notification } from 'electron';

export type DesktopNotify = (title: string, body: string, actions?: { label: string; run: () => void }[]) => void;

/** Desktop notifications; a click brings the window (`onClick`). */
export function desktopNotifier(onClick: () => void): DesktopNotify {
  return (title, body, actions = []) => {
    if (!Notification.isSupported()) return;
    // Buttons on a notification exist on macOS only; elsewhere a click brings the window with the same buttons.
    const buttons =
      process.platform === 'darwin' ? actions.map((a) => ({ type: 'button' as const, text: a.label })) : [];
    const n = new Notification({ title, body, actions: buttons });
    n.on('action', (_e, index) => actions[index]?.run());
    n.on('click', onClick);
    n.show();
  };
}
