import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { INVOKE_CHANNELS, ipcChannelName, type EventChannel, type EventContract } from '../../common/contract';
import type { Dispatch } from '../kernel/dispatch';
import type { EventHub } from '../kernel/events';

/**
 * Registers one ipcMain handler per contract channel. Requests are answered only when they come from
 * the main window's own top frame (not a sub-frame, webview, or a phone window).
 */
export function setupIpc(ipcMain: IpcMain, dispatch: Dispatch, isTrusted: (e: IpcMainInvokeEvent) => boolean): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), async (event, payload: unknown) => {
      if (!isTrusted(event)) return { ok: false, code: 'FORBIDDEN', message: 'Request from an untrusted page' };
      return dispatch(channel, payload);
    });
  }
}

/** Forwards main events to one renderer. */
export function forwardEvents(hub: EventHub, target: () => WebContents | null): () => void {
  return hub.subscribe(<E extends EventChannel>(event: E, payload: EventContract[E]) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(ipcChannelName(event), payload);
  });
}

export function isTrustedSender(e: IpcMainInvokeEvent, mainContents: () => WebContents | null): boolean {
  const wc = mainContents();
  return !!wc && e.sender === wc && e.senderFrame === wc.mainFrame;
}
