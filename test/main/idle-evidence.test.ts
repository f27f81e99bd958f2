import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../main/settings/settings-file';
import { closeAfterEach } from '../helpers/close-after-each';
import { geelarkPair, simPost } from '../helpers/geelark';

const tracked = closeAfterEach();

describe('GeeLark task evidence for idle stop (#20)', () => {
  it('reads every page of the task history and reports the phones with a task waiting or running, ids exact', async () => {
    const pair = await tracked(geelarkPair({ sim: { phones: 260 } }));
    const phones = [...pair.sim.phones.values()];
    phones.forEach((p, i) => {
      p.busyTask = i % 2 === 0 && i < 240; // 120 running tasks: two pages of history
      p.taskScheduledAt = i === 251 ? Math.floor(Date.now() / 1000) + 3_600 : undefined;
    });
    const busy = await pair.provider.activeTaskPhones();
    expect(busy.size).toBe(121);
    expect(busy.has(phones[0].id)).toBe(true); // 18 digits, beyond 2^53, kept exact
    expect(busy.has(phones[251].id)).toBe(true);
    expect(busy.has(phones[1].id)).toBe(false);
    expect(pair.sim.calls.filter((c) => c.path === '/open/v1/task/historyRecords')).toHaveLength(2);
    // The documented limit: at most 100 a page.
    expect((await simPost(pair, 'task/historyRecords', { size: 101 })).code).toBe(40001);
  });
});

describe('the rule table in settings.json', () => {
  it('an older file with control.approveStopOver keeps its number as the table count; a new file gets the defaults', () => {
    const old = loadSettings({ version: 1, control: { approveStopOver: 25, allowedClients: ['cli'] } });
    expect(old.settings.consent).toEqual({ askAbovePhones: 25, askAboveCostPerHour: null, windowMinutes: 5 });
    expect(old.settings.control).toEqual({ allowedClients: ['cli'], pairedClients: [] });
    expect(loadSettings({ version: 1 }).settings.consent.askAbovePhones).toBe(10);
    const broken = loadSettings({ version: 1, consent: { askAbovePhones: -1 } });
    expect(broken.settings.consent.askAbovePhones).toBe(10);
    expect(broken.repaired).toEqual([{ key: 'repair.consent' }]);
  });
});
