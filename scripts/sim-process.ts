// A GeeLark simulator in its own process, so benchmarks do not share a CPU core with the client.
// argv[2]: JSON GeeLarkSimOptions plus latencyMs. Prints one JSON line {url, token} when listening.
import { GeeLarkSim } from '../main/sim/geelark-sim';

const { latencyMs = 0, ...options } = JSON.parse(process.argv[2] ?? '{}');
const sim = new GeeLarkSim(options);
sim.http.latencyMs = latencyMs;
for (const p of sim.phones.values()) p.busyTask = false;
await sim.listen();
console.log(JSON.stringify({ url: sim.url, token: sim.opts.token }));
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
