import type { InvokeInput } from '../../../common/contract';
import type { PhoneCosts } from '../../../common/money';
import type { AutopilotState, SpendSummary } from '../../../common/policy';
import type { SliceContext } from './slice';

export interface AutopilotSliceState {
  /** Running minutes, estimated spend, balance and price per account. */
  spend: SpendSummary[];
  /** Policies, pause and the stops announced but not yet made. */
  autopilot: AutopilotState | null;
  /** Today's running time and estimated cost per phone (the list's cost column, its sort and filter). */
  phoneCosts: PhoneCosts;
}

type AutopilotChange =
  | 'autopilot:save'
  | 'autopilot:remove'
  | 'autopilot:pause'
  | 'autopilot:snooze'
  | 'autopilot:stopNow'
  | 'autopilot:keepRunning';

export interface AutopilotSliceActions {
  loadSpend(refreshBilling?: boolean): Promise<void>;
  setPrice(accountId: string, price: number | null): Promise<void>;
  /** Changes the policies through one of the autopilot channels; the answer is the new state. */
  changeAutopilot<C extends AutopilotChange>(channel: C, input: InvokeInput<C>): Promise<boolean>;
}

/** Money and policies. */
export function createAutopilotSlice({
  set,
  call,
}: SliceContext<AutopilotSliceState>): AutopilotSliceState & AutopilotSliceActions {
  return {
    spend: [],
    autopilot: null,
    phoneCosts: {},
    async loadSpend(refreshBilling) {
      const [spend, phoneCosts] = await Promise.all([
        call('spend:get', refreshBilling ? { refresh: true } : {}),
        call('spend:phones', {}),
      ]);
      if (spend) set({ spend });
      if (phoneCosts) set({ phoneCosts });
    },
    async setPrice(accountId, price) {
      const spend = await call('spend:setPrice', { accountId, price });
      if (spend) set({ spend });
    },
    async changeAutopilot(channel, input) {
      const autopilot = await call(channel, input);
      if (autopilot) set({ autopilot: autopilot as AutopilotState });
      return !!autopilot;
    },
  };
}
