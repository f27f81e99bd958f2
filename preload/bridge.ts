import type { IpcRenderer } from 'electron';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, ipcChannelName } from '../common/channels';
import type { Bridge, EventChannel, InvokeChannel } from '../common/contract';

/**
 * The bridge over ipcRenderer. Only contract channels pass, listeners never see the IpcRendererEvent
 * (it would leak `sender`), and every subscription returns its own unsubscribe.
 */
export function createIpcBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): Bridge {
  const invokeAllowed = new Set<string>(INVOKE_CHANNEL_NAMES);
  const eventAllowed = new Set<string>(EVENT_CHANNEL_NAMES);
  return {
    invoke: async (channel: InvokeChannel, input: unknown) => {
      if (!invokeAllowed.has(channel)) return { ok: false, code: 'UNKNOWN_CHANNEL', message: 'Unknown request' };
      return ipc.invoke(ipcChannelName(channel), input);
    },
    on: (event: EventChannel, listener: (payload: unknown) => void) => {
      if (!eventAllowed.has(event)) throw new Error(`Unknown event ${String(event)}`);
      const wrapped = (_e: unknown, payload: unknown) => listener(payload);
      ipc.on(ipcChannelName(event), wrapped);
      return () => void ipc.removeListener(ipcChannelName(event), wrapped);
    },
  } as Bridge;
}
