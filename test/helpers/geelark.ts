import { GeeLarkProvider } from '../../main/providers/geelark/provider';
import { GeeLarkSim, type GeeLarkSimOptions } from '../../main/sim/geelark-sim';
import { systemClock, type Clock } from '../../main/kernel/clock';

/** A listening GeeLark simulator plus a provider pointed at it over real HTTP. */
export async function geelarkPair(
  opts: { sim?: GeeLarkSimOptions; clock?: Clock; auth?: 'token' | 'key'; timeoutMs?: number; perMinute?: number } = {},
) {
  const sim = new GeeLarkSim({ startDelayMs: 30, stopDelayMs: 30, ...opts.sim });
  const url = await sim.listen();
  const clock = opts.clock ?? systemClock;
  const auth =
    opts.auth === 'key'
      ? { mode: 'key' as const, appId: sim.opts.appId, apiKey: sim.opts.apiKey }
      : { mode: 'token' as const, token: sim.opts.token };
  const provider = new GeeLarkProvider({
    auth,
    baseUrl: url,
    fetch,
    clock,
    timeoutMs: opts.timeoutMs ?? 2_000,
    perMinute: opts.perMinute,
  });
  return { sim, provider, url, close: () => sim.close() };
}

/** A raw request to the simulator as GeeLark's own client sends it (token auth): the answer's envelope, unread by the provider. */
export async function simPost(
  pair: { url: string; sim: { opts: { token: string } } },
  path: string,
  body: object,
): Promise<{ code: number; data: Record<string, unknown> }> {
  const res = await fetch(`${pair.url}/open/v1/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      traceId: '0123456789ABCDEF0123456789ABCDEF',
      Authorization: `Bearer ${pair.sim.opts.token}`,
    },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { code: number; data: Record<string, unknown> };
}
