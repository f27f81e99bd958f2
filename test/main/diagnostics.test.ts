import { afterEach, describe, expect, it } from 'vitest';
import { testCore } from '../helpers/core';

let env: Awaited<ReturnType<typeof testCore>>;
afterEach(async () => env?.close());

describe('About and diagnostics', () => {
  it('reports versions, accounts, counts and recent errors, and never a key', async () => {
    env = await testCore();
    await env.core.accounts.enableDemo();
    await env.core.fleet.refresh();
    const sims = await env.demo.sims();
    // A secret that ended up in an error message is still not in the report.
    env.core.log.error(`request failed with Authorization: Bearer ${sims.geelark.opts.token}`);
    const about = await env.core.dispatch('app:about', {});
    expect(about).toMatchObject({
      ok: true,
      value: { version: expect.any(String), versions: { node: process.versions.node } },
    });
    const r = (await env.core.dispatch('app:diagnostics', {})) as { ok: true; value: { text: string } };
    expect(r.value.text).toMatch(/Demo GeeLark team \(geelark, token, demo\): ok/);
    expect(r.value.text).toMatch(/Phones by account and status:\n {2}demo_geelark /);
    expect(r.value.text).toMatch(/Recent errors:\n.*request failed/);
    expect(r.value.text).not.toContain(sims.geelark.opts.token);
    expect(r.value.text).not.toContain(sims.geelark.opts.apiKey);
    // A development run has no updater: it says so instead of pretending to check.
    expect(await env.core.dispatch('update:get', {})).toEqual({ ok: true, value: null });
    expect(await env.core.dispatch('update:check', {})).toMatchObject({ ok: false, code: 'UNSUPPORTED' });
    // Opening a folder needs the desktop app.
    expect(await env.core.dispatch('app:openFolder', { which: 'logs' })).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED',
    });
  });

  it('a view of the window that stopped on an error is in the log and the report, redacted; a hostile report is refused', async () => {
    env = await testCore();
    await env.core.accounts.enableDemo();
    const sims = await env.demo.sims();
    const r = await env.core.dispatch('app:reportError', {
      where: 'phones',
      message: `Cannot read properties of null (token ${sims.geelark.opts.token})`,
      stack: 'TypeError: …\n    at Row (PhoneTable.tsx:80)',
    });
    expect(r).toEqual({ ok: true, value: null });
    expect(env.logs.join('\n')).toMatch(/window error in phones: Cannot read properties of null/);
    const text = ((await env.core.dispatch('app:diagnostics', {})) as { ok: true; value: { text: string } }).value.text;
    expect(text).toMatch(/Recent errors:\n.*window error in phones/);
    expect(text).not.toContain(sims.geelark.opts.token);
    expect(await env.core.dispatch('app:reportError', { where: 'phones', message: 'x'.repeat(2_001) })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    expect(await env.core.dispatch('app:reportError', { where: 'phones', message: 'x', extra: 1 })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
  });
});
