// `npm run sim`: both provider simulators on fixed local ports, for trying the app or the API by hand.
import { GeeLarkSim } from '../main/sim/geelark-sim';
import { HuaweiSim } from '../main/sim/huawei-sim';

const geelark = new GeeLarkSim({ phones: Number(process.env.GEELARK_PHONES ?? 60) });
const huawei = new HuaweiSim({ phones: Number(process.env.HUAWEI_PHONES ?? 16) });
await geelark.listen(Number(process.env.GEELARK_PORT ?? 17001));
await huawei.listen(Number(process.env.HUAWEI_PORT ?? 17002));
console.log(
  `GeeLark simulator: ${geelark.url}  (token: ${geelark.opts.token}; appId: ${geelark.opts.appId}, apiKey: ${geelark.opts.apiKey})`,
);
console.log(
  `Huawei CPH + IAM simulator: ${huawei.url}  (AK: ${huawei.opts.ak}, SK: ${huawei.opts.sk}, region ${huawei.opts.region};`,
);
console.log(
  `  password login: account ${huawei.opts.domainName}, user ${huawei.opts.userName}, password ${huawei.opts.password})`,
);
console.log(
  'In Phonedeck: Settings → Add account → Advanced, set the endpoint URL to the address above. Ctrl+C to stop.',
);
