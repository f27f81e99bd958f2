import { shell, type WebContents } from 'electron';
import { systemClock } from '../kernel/clock';
import { ExternalLinkGate, isSameOrigin } from './url-policy';

/** Input events that count as the person acting in the window (a click or a key press). */
const GESTURES = new Set(['mouseUp', 'keyUp', 'char']);

/**
 * Confines a webContents to one origin: navigations and redirects elsewhere are cancelled, new windows
 * are denied, and a public https link goes to the system browser only right after a click or key press
 * in that window, a few a minute at most.
 */
export function confineToOrigin(wc: WebContents, origin: () => string | null): void {
  const gate = new ExternalLinkGate(systemClock);
  wc.on('input-event', (_e, input) => {
    if (GESTURES.has(input.type)) gate.noteGesture();
  });
  wc.setWindowOpenHandler(({ url }) => {
    if (gate.decide(url).open) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const guard = (e: { preventDefault(): void }, url: string) => {
    if (!isSameOrigin(url, origin())) e.preventDefault();
  };
  wc.on('will-navigate', (e) => guard(e, e.url));
  wc.on('will-redirect', (e) => guard(e, e.url));
  wc.on('will-frame-navigate', (e) => guard(e, e.url));
}
