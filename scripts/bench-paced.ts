import { systemClock } from '../main/kernel/clock';
import { GeeLarkProvider } from '../main/providers/geelark/provider';
import { GeeLarkSim } from '../main/sim/geelark-sim';

/**
 * A GeeLark simulator whose phones all run (its own limits out of the way) and a provider whose limiter's
 * window is shrunk, so the pacing of a many-phone action shows in seconds rather than minutes.
 */
export async function pacedGeeLark(o: { phones: number; windowMs: number; perWindow: number }) {
  const sim = new GeeLarkSim({ phones: o.phones, perMinute: 1_000_000, perHour: 10_000_000 });
  const url = await sim.listen();
  for (const p of sim.phones.values()) Object.assign(p, { status: 0, expired: false });
  const provider = new GeeLarkProvider({
    auth: { mode: 'token', token: sim.opts.token },
    baseUrl: url,
    fetch,
    clock: systemClock,
    perMinute: o.perWindow,
    rateWindowMs: o.windowMs,
    timeoutMs: 30_000,
  });
  return { sim, provider };
}
