import type { TeamState } from '../../../common/contract';
import type { SliceContext } from './slice';

export interface TeamSliceState {
  /** Alone, or in a team with its connection's state (null until main answers). */
  team: TeamState | null;
}

export interface TeamSliceActions {
  joinTeam(url: string, password: string | undefined): Promise<{ ok: true } | { ok: false; message: string }>;
  leaveTeam(): Promise<void>;
}

/** Team mode: joining a team database, its connection's state, going back to working alone. */
export function createTeamSlice({
  bridge,
  set,
  call,
}: SliceContext<TeamSliceState>): TeamSliceState & TeamSliceActions {
  return {
    team: null,
    async joinTeam(url, password) {
      const r = await bridge.invoke('team:join', { url, ...(password ? { password } : {}) });
      if (!r.ok) return { ok: false, message: r.message };
      set({ team: r.value });
      return { ok: true };
    },
    async leaveTeam() {
      const team = await call('team:leave', {});
      if (team) set({ team });
    },
  };
}
