import { vi } from 'vitest';
import type {
  AccountSummary,
  Bridge,
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeInput,
  InvokeOutput,
  IpcResult,
  PublicSettings,
} from '../../common/contract';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import type { ConsentPlan, ConsentRules } from '../../common/consent';
import type { Phone } from '../../common/phone';
import { planAction } from '../../main/consent/planner';

type Handler<C extends InvokeChannel> = (
  input: InvokeInput<C>,
) => IpcResult<InvokeOutput<C>> | Promise<IpcResult<InvokeOutput<C>>>;

/** A Bridge typed by the real contract, so it cannot drift from what main offers. */
export class FakeBridge implements Bridge {
  /** Money and policies load after the list in every window: answered (empty) unless a test says otherwise. */
  handlers: Partial<{ [C in InvokeChannel]: Handler<C> }> = {
    'autopilot:get': () => ({ ok: true, value: { paused: false, policies: [], pending: [], keepRunning: [] } }),
    'spend:get': () => ({ ok: true, value: [] }),
    'spend:phones': () => ({ ok: true, value: {} }),
    'control:pending': () => ({ ok: true, value: [] }),
    'update:get': () => ({ ok: true, value: null }),
    'team:get': () => ({ ok: true, value: { mode: 'alone' } }),
  };
  listeners = new Map<EventChannel, Set<(p: unknown) => void>>();
  invoke = vi.fn(
    async <C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<IpcResult<InvokeOutput<C>>> => {
      const h = this.handlers[channel] as Handler<C> | undefined;
      return h ? h(input) : { ok: false, code: 'UNKNOWN_CHANNEL', message: `no stub for ${channel}` };
    },
  );
  on<E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (p: unknown) => void);
  }
  emit<E extends EventChannel>(event: E, payload: EventContract[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }
  stub<C extends InvokeChannel>(channel: C, h: Handler<C>): this {
    (this.handlers as Record<string, unknown>)[channel] = h;
    return this;
  }
}

export const settings: PublicSettings = {
  theme: 'light',
  language: 'system',
  defaultStartOptions: DEFAULT_START_OPTIONS,
  favorites: [],
  closeToTray: true,
  activityRetentionDays: 90,
  control: { allowedClients: [], paired: [] },
  consent: { askAbovePhones: 10, askAboveCostPerHour: null, windowMinutes: 5 },
  startAtLogin: { supported: true, enabled: false, hidden: false },
};

export const geelarkAccount: AccountSummary = {
  id: 'g',
  provider: 'geelark',
  label: 'Team G',
  auth: 'token',
  demo: false,
  health: { state: 'ok', message: '' },
  lockedUntil: null,
  capabilities: {
    start: true,
    stop: true,
    delete: true,
    restart: false,
    reset: false,
    viewer: true,
    startOptions: true,
    screenshot: true,
    files: true,
    apps: true,
  },
};
export const huaweiAccount: AccountSummary = {
  id: 'h',
  provider: 'huawei',
  label: 'Team H',
  auth: 'aksk',
  demo: false,
  health: { state: 'ok', message: '' },
  lockedUntil: null,
  capabilities: {
    start: true,
    stop: true,
    delete: false,
    restart: true,
    reset: true,
    viewer: false,
    startOptions: false,
    screenshot: false,
    files: true,
    apps: true,
  },
};

/**
 * main's consent:plan over a list the test gives: the real pure planner, so the window is tested against
 * the plans main really makes (kept phones left out, what asks and why).
 */
export function planOver(
  list: readonly Phone[],
  accounts: readonly AccountSummary[],
  input: InvokeInput<'consent:plan'>,
  rules: ConsentRules = settings.consent,
): ConsentPlan {
  const byKey = new Map(list.map((p) => [p.key, p]));
  return planAction(
    {
      source: input.fromLink ? 'link' : 'window',
      action: input.action,
      keys: input.keys,
      includeKept: input.includeKept,
    },
    {
      id: `plan_${String(++planCount).padStart(12, '0')}`,
      at: Date.now(),
      phone: (k) => byKey.get(k),
      capabilities: (a) => accounts.find((x) => x.id === a)?.capabilities ?? null,
      favorites: new Set(settings.favorites),
      keepRunning: new Set(),
      openViewers: new Set(),
      heldByOthers: new Map(),
      busy: new Set(),
      price: () => null,
      rules,
      recent: 0,
      qualify: (p) => p.name,
    },
  );
}
let planCount = 0;
