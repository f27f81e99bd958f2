import { channel, none } from './shared';

export type UpdateState =
  | { state: 'idle' | 'checking' | 'up-to-date' }
  | { state: 'available'; version: string }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'error'; message: string };

/** Update checks (main/updates): the state, a check the user asked for, the download they agreed to, restart to install. */
export const updatesChannels = {
  'update:get': channel(none).returns<UpdateState | null>(),
  'update:check': channel(none).returns<UpdateState>(),
  'update:download': channel(none).returns<UpdateState>(),
  'update:restart': channel(none).returns<null>(),
} as const;

export interface UpdatesEvents {
  'update:state': UpdateState;
}
