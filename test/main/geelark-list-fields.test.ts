import { describe, expect, it } from 'vitest';
import { diagnosticsText } from '../../main/shell/diagnostics';
import { SecretRegistry } from '../../main/kernel/redact';
import { geelarkPair, simPost } from '../helpers/geelark';
import { closeAfterEach } from '../helpers/close-after-each';

const track = closeAfterEach();

/** A raw list request (page 1 of up to 100): what the simulator itself answers. */
const list = async (pair: Parameters<typeof simPost>[0], body: object) =>
  (await simPost(pair, 'phone/list', { page: 1, pageSize: 100, ...body })) as unknown as {
    code: number;
    data: { total: number; items: Record<string, unknown>[] };
  };

const EQUIPMENT = ['countryName', 'phoneNumber', 'enableSim', 'imei', 'osVersion', 'wifiBssid', 'mac', 'bluetoothMac']
  .concat(['timeZone', 'deviceBrand', 'deviceModel', 'deviceName', 'netType', 'language', 'province', 'city'])
  .sort();

describe('GeeLark list: the documented fields and filters', () => {
  it('every item carries hasBind and every documented equipmentInfo field', async () => {
    const pair = await track(geelarkPair({ sim: { phones: 12, seed: 3 } }));
    const { data } = await list(pair, {});
    for (const item of data.items) {
      expect(typeof item.hasBind).toBe('boolean');
      expect(Object.keys(item.equipmentInfo as object).sort()).toEqual(EQUIPMENT);
    }
  });

  it('filters by charge mode, serial numbers and proxy ids, and refuses too many of them', async () => {
    const pair = await track(geelarkPair({ sim: { phones: 40, seed: 5 } }));
    const phones = [...pair.sim.phones.values()];
    const monthly = await list(pair, { chargeMode: 1 });
    expect(monthly.data.total).toBe(phones.filter((p) => p.chargeMode === 1).length);
    expect(monthly.data.items.every((i) => i.chargeMode === 1)).toBe(true);
    const bySerial = await list(pair, { serialNos: [phones[2].serialNo, phones[7].serialNo] });
    expect(bySerial.data.items.map((i) => i.serialNo).sort()).toEqual([phones[2].serialNo, phones[7].serialNo].sort());
    const byProxy = await list(pair, { proxyIds: ['px-b'] });
    expect(byProxy.data.total).toBe(phones.filter((p) => p.tags.includes('proxy-b')).length);
    expect((await list(pair, { proxyIds: Array.from({ length: 11 }, (_, i) => `px-${i}`) })).code).toBe(40004);
  });

  it('the detail panel shows the useful ones; IMEI and MAC addresses are kept nowhere, not even in diagnostics', async () => {
    const pair = await track(geelarkPair({ sim: { phones: 6, seed: 9 } }));
    const phones = await pair.provider.listAll();
    const facts = new Map(phones[0].facts);
    expect([...facts.keys()]).toEqual(
      expect.arrayContaining([
        'fact.deviceName',
        'fact.phoneNumber',
        'fact.sim',
        'fact.netType',
        'fact.language',
        'fact.region',
        'fact.bound',
      ]),
    );
    const eq = [...pair.sim.phones.values()][0];
    const everything = JSON.stringify(phones);
    for (const secretish of [/\b35\d{13}\b/, /\b02(:[0-9a-f]{2}){5}\b/]) expect(everything).not.toMatch(secretish);
    const report = diagnosticsText({
      about: { version: '1', versions: {}, platform: 'linux', dataFolder: '/d', logFolder: '/l' },
      accounts: [],
      phones: phones.map((p) => ({
        ...p,
        key: `g/${p.id}`,
        accountId: 'g',
        provider: 'geelark' as const,
        runningSince: null,
        runningSinceExact: false,
      })),
      refresh: { lastRefreshAt: null, refreshing: false, errors: [], accounts: {} },
      now: 0,
      secrets: new SecretRegistry(),
      recentErrors: [],
      settings: {},
    } as never);
    expect(report).not.toMatch(/\b02(:[0-9a-f]{2}){5}\b/);
    expect(eq.serialNo).toBeTruthy();
  });
});
