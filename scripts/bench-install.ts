/**
 * The install row of `npm run bench` (issue 25's target): one APK onto 1,000 running GeeLark phones makes
 * the lower-bound number of calls (one upload, its review, one install per phone: GeeLark installs one phone
 * per call, and the batch endpoint is never used) and finishes within 1.2× the limiter's bound. The
 * limiter's window is shrunk to 1 s (100 calls per endpoint) so the pacing shows in seconds.
 */
import { pacedGeeLark } from './bench-paced';

const WINDOW_MS = 1_000;
const PER_WINDOW = 100;
const PHONES = 1_000;

export async function installBench() {
  const { sim, provider } = await pacedGeeLark({ phones: PHONES, windowMs: WINDOW_MS, perWindow: PER_WINDOW });
  sim.apps.reviewMs = 0;
  sim.apps.installMs = 0;
  const version = await provider.uploadApp({ bytes: Buffer.from('PK bench apk'), name: 'bench.apk' }, 'Bench');
  const before = sim.calls.length;
  const t0 = performance.now();
  const outcomes = await provider.installApp([...sim.phones.keys()], version.versionId);
  const ms = performance.now() - t0;
  const installCalls = sim.calls.slice(before).filter((c) => c.path === '/open/v1/app/install').length;
  const boundMs = (Math.ceil(PHONES / PER_WINDOW) - 1) * WINDOW_MS;
  await sim.close();
  return {
    phones: PHONES,
    installed: outcomes.filter((o) => o.ok).length,
    installRequests: installCalls,
    lowerBound: PHONES,
    batchRequests: sim.calls.filter((c) => c.path === '/open/v1/app/operation/batch').length,
    uploadRequests: sim.calls.filter((c) => /\/(upload\/getUrl|app\/upload)$/.test(c.path)).length,
    ms: Math.round(ms),
    limiterBoundMs: boundMs,
    timeOverBound: Math.round((ms / boundMs) * 100) / 100,
    limiter: { perWindowPerEndpoint: PER_WINDOW, windowMs: WINDOW_MS },
    targets: { installRequests: '= lower bound', batchRequests: 0, timeOverBound: '≤ 1.2' },
  };
}
