/**
 * The one IPC contract, in slices: each feature's file declares its channels (zod input schema + output
 * type) and its events, and this file joins them. Main, preload and renderer all import it, so renaming a
 * channel or changing a payload fails to compile on every side. Inputs carry zod schemas because main
 * validates every payload from the renderer; outputs are types only (main is trusted to produce them).
 */
import type { z } from 'zod';
import type { ErrorCode } from '../error-codes';
import { EVENT_CHANNEL_NAMES, HUAWEI_REGIONS, INVOKE_CHANNEL_NAMES, ipcChannelName } from '../channels';
import { PROVIDER_KINDS, type BulkAction, type Phone, type ProviderKind } from '../phone';
import type { StartOptions } from '../start-options';
import { accountsChannels, type AccountsEvents } from './accounts';
import { autopilotChannels, type AutopilotEvents } from './autopilot';
import { consentChannels, type ConsentEvents } from './consent';
import { controlChannels, type ControlEvents } from './control';
import { ledgerChannels } from './ledger';
import { phonesChannels, type PhonesEvents } from './phones';
import { sessionsChannels, type SessionsEvents } from './sessions';
import { settingsChannels, type SettingsEvents } from './settings';
import { shellChannels, type ShellEvents } from './shell';
import { screensChannels, type ScreensEvents } from './screens';
import { filesChannels } from './files';
import { teamChannels, type TeamEvents } from './team';
import { updatesChannels, type UpdatesEvents } from './updates';

export * from './accounts';
export * from './consent';
export * from './phones';
export * from './settings';
export * from './shell';
export * from './screens';
export * from './files';
export * from './team';
export * from './updates';
export { PhoneKeySchema } from './shared';
export { HUAWEI_REGIONS, ipcChannelName };

export const invokeContract = {
  ...phonesChannels,
  ...consentChannels,
  ...sessionsChannels,
  ...accountsChannels,
  ...settingsChannels,
  ...ledgerChannels,
  ...autopilotChannels,
  ...controlChannels,
  ...shellChannels,
  ...updatesChannels,
  ...teamChannels,
  ...screensChannels,
  ...filesChannels,
} as const;

export type InvokeChannel = keyof typeof invokeContract;
export type InvokeInput<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = (typeof invokeContract)[C]['output'];

/** Main → renderer pushes. */
export interface EventContract
  extends
    PhonesEvents,
    ConsentEvents,
    SessionsEvents,
    AccountsEvents,
    SettingsEvents,
    AutopilotEvents,
    ControlEvents,
    UpdatesEvents,
    TeamEvents,
    ScreensEvents,
    ShellEvents {}
export type EventChannel = keyof EventContract;
export const INVOKE_CHANNELS: readonly InvokeChannel[] = INVOKE_CHANNEL_NAMES;

// Compile-time proof that the zod-free name lists and the channel maps agree in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const invokeNamesMatch: Same<InvokeChannel, (typeof INVOKE_CHANNEL_NAMES)[number]> = true;
const eventNamesMatch: Same<EventChannel, (typeof EVENT_CHANNEL_NAMES)[number]> = true;
void invokeNamesMatch;
void eventNamesMatch;

/**
 * Errors cross IPC as values, never as thrown Error objects (invoke would flatten their fields). An invalid
 * input names the field it is about (`credentials.token`), so a form can show the message at that field.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string; field?: string };

/**
 * The whole surface the renderer may use. The preload implements it over ipcRenderer;
 * the browser implementation (tests, e2e) implements it over HTTP.
 */
export interface Bridge {
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<IpcResult<InvokeOutput<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void): () => void;
}

export type { BulkAction, Phone, ProviderKind, StartOptions };
export { PROVIDER_KINDS };
