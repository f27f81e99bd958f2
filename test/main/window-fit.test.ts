import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneContentSize, viewerWidthForArea } from '../../common/phone-window-size';
import { DEFAULT_START_OPTIONS } from '../../common/start-options';
import { closeAfterEach } from '../helpers/close-after-each';
import { testCore } from '../helpers/core';

const opened = closeAfterEach();

describe('phone windows fit the display (#23.5)', () => {
  it('600 px on a 1080p work area shrinks to a width whose whole window fits, keeping 9:16', () => {
    const area = { width: 1920, height: 1040 };
    const width = viewerWidthForArea({ ...DEFAULT_START_OPTIONS, width: 600 }, area);
    expect(width).toBe(546);
    const size = phoneContentSize({ ...DEFAULT_START_OPTIONS, width });
    // Before: 648×1095 on a 1,040 px tall area, the phone's bottom cut.
    expect(size.height + 40).toBeLessThanOrEqual(area.height);
    // A width that fits is left alone.
    expect(viewerWidthForArea({ ...DEFAULT_START_OPTIONS, width: 336 }, area)).toBe(336);
  });

  it('for any screen and width: never taller than the area, never under the viewer minimum, aspect kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 600 }),
        fc.boolean(),
        fc.integer({ min: 480, max: 5000 }),
        fc.integer({ min: 700, max: 3000 }),
        (w, hideSideBar, width, height) => {
          const o = { ...DEFAULT_START_OPTIONS, width: w, hideSideBar };
          const fitted = viewerWidthForArea(o, { width, height });
          expect(fitted).toBeGreaterThanOrEqual(200);
          expect(fitted).toBeLessThanOrEqual(w);
          const size = phoneContentSize({ ...o, width: fitted });
          if (fitted > 200) expect(size.height + 40).toBeLessThanOrEqual(height);
          expect(Math.abs((size.height - 28) / fitted - 16 / 9)).toBeLessThan(0.01);
        },
      ),
    );
  });

  it('an opened window asks the viewer for the fitted width, and its window fits the 1920×1040 work area', async () => {
    const env = await opened(testCore());
    const { core, demo, windows } = env;
    await core.accounts.enableDemo();
    await core.fleet.refresh();
    const sims = await demo.sims();
    const phone = core.fleet
      .all()
      .find((p) => p.provider === 'geelark' && p.status === 'stopped' && !sims.geelark.phones.get(p.id)!.expired)!;
    await core.settings.update((s) => void (s.defaultStartOptions = { ...s.defaultStartOptions, width: 600 }));
    const [r] = await core.sessions.open([phone.key]);
    expect(r.ok).toBe(true);
    const w = windows.windows.at(-1)!;
    expect(new URL(w.spec.url).searchParams.get('w')).toBe('546');
    expect(w.spec.bounds.height + 40).toBeLessThanOrEqual(1040);
    expect(w.spec.bounds.width).toBe(546 + 48);
  });
});
