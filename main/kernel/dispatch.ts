import {
  invokeContract,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput,
  type IpcResult,
} from '../../common/contract';
import { describeError } from './errors';
import { t } from '../../common/i18n/i18n';
import type { Logger, SecretRegistry } from './redact';

/** One function per channel; a missing or misspelt handler fails to compile. */
export type Handlers = { [C in InvokeChannel]: (input: InvokeInput<C>) => Promise<InvokeOutput<C>> };

export type Dispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

const isChannel = (c: unknown): c is InvokeChannel => typeof c === 'string' && Object.hasOwn(invokeContract, c);

/** zod's generic wording ("Invalid input: expected string, received undefined") said as a person would. */
function inWords(message: string | undefined): string {
  if (!message) return t('err.invalid');
  if (/received undefined/.test(message)) return t('err.missing');
  if (/^Invalid input: expected/.test(message)) return t('err.wrongKind');
  if (/^Unrecognized key/.test(message)) return t('err.extraField');
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * The single entry point for renderer requests, shared by Electron's ipcMain and the HTTP bridge used
 * in browser tests: unknown channels and invalid payloads get a clear error, handler failures become
 * {ok:false,code,message} with any secret masked, and nothing thrown escapes.
 */
export function createDispatch(handlers: Handlers, deps: { log: Logger; secrets: SecretRegistry }): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) return { ok: false, code: 'UNKNOWN_CHANNEL', message: t('err.unknownRequest') };
    const parsed = invokeContract[channel].input.safeParse(payload ?? {});
    if (!parsed.success) {
      // The message is for a person; the field says where it belongs (a form shows it there).
      const first = parsed.error.issues[0];
      const field = first?.path.length ? first.path.join('.') : undefined;
      return {
        ok: false,
        code: 'INVALID_INPUT',
        message: deps.secrets.redactText(inWords(first?.message)),
        ...(field ? { field } : {}),
      };
    }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
      // Everything that leaves main passes here or through the event hub: mask any secret a provider echoed.
      return { ok: true, value: deps.secrets.redactValues(await handler(parsed.data)) };
    } catch (e) {
      const { code, message } = describeError(e);
      if (code === 'INTERNAL') deps.log.error(`handler ${channel} failed`, e);
      return { ok: false, code, message: deps.secrets.redactText(message) };
    }
  };
}

/** A feature's handler table: exactly the channels of its contract slice (Actual's per-feature handlers). */
export type HandlersFor<Slice> = Pick<Handlers, Extract<keyof Slice, InvokeChannel>>;
