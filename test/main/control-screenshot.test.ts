import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEELARK_ID, DEMO_HUAWEI_ID } from '../../main/sim/demo';
import { CLI, cliFor } from '../helpers/cli';
import { controlCore, type testCore } from '../helpers/core';

/** `phonedeck screenshot` and MCP `take_screenshot` against the running core on the simulators (#25.5). */
let env: Awaited<ReturnType<typeof testCore>>;
let where: { socket: string; tokenFile: string };
let close: () => Promise<void>;
const { cli, mcp } = cliFor(() => where);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const phoneOf = (accountId: string, status: string) =>
  env.core.fleet.all().find((p) => p.accountId === accountId && p.status === status)!;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('Build the CLI first (npm run build)');
  ({ env, where, close } = await controlCore('pd-shot-'));
  (await env.demo.sims()).geelark.screens.delayMs = 20;
});
afterAll(async () => {
  await close();
});

describe('screenshots from the command line and for agents', () => {
  it('`phonedeck screenshot <phone> -o file` saves the screen, readable by its owner only', async () => {
    const phone = phoneOf(DEMO_GEELARK_ID, 'running');
    const file = join(mkdtempSync(join(tmpdir(), 'pd-shot-')), 'shot.png');
    const r = await cli(['screenshot', phone.name, '-o', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Saved ${phone.name}'s screen to ${file} \\(\\d+ bytes, taken 20`));
    expect(readFileSync(file).subarray(0, 4)).toEqual(PNG);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The wall's cache has it too.
    expect((await env.core.screens.tiles([phone.key]))[0].image).toMatch(/^data:image\/png/);
  });

  it('says why there is none: a stopped phone (42002), a Huawei phone (no screenshot API), a name that matches nothing', async () => {
    const stopped = await cli(['screenshot', phoneOf(DEMO_GEELARK_ID, 'stopped').key, '--json']);
    expect(stopped.code).not.toBe(0);
    expect(JSON.parse(stopped.out)).toMatchObject({ ok: false, code: '42002' });
    const huawei = await cli(['screenshot', env.core.fleet.all().find((p) => p.accountId === DEMO_HUAWEI_ID)!.key]);
    expect(huawei.code).not.toBe(0);
    expect(huawei.err).toMatch(/Huawei CPH offers no screenshot through its API \(UNSUPPORTED\)/);
    expect((await cli(['screenshot', 'no-such-phone'])).code).toBe(6);
    expect((await cli(['screenshot'])).code).toBe(2);
  });

  it('MCP `take_screenshot` answers with the image as image content', async () => {
    const client = await mcp('shot-agent');
    try {
      const phone = phoneOf(DEMO_GEELARK_ID, 'running');
      const r = await client.callTool({ name: 'take_screenshot', arguments: { phone: phone.key } });
      expect(r.isError).toBeFalsy();
      const content = r.content as { type: string; data?: string; mimeType?: string; text?: string }[];
      const image = content.find((c) => c.type === 'image')!;
      expect(image.mimeType).toBe('image/png');
      expect(Buffer.from(image.data!, 'base64').subarray(0, 4)).toEqual(PNG);
      expect(r.structuredContent).toMatchObject({
        result: { key: phone.key, name: phone.name, contentType: 'image/png' },
      });
      expect(JSON.stringify(r.structuredContent)).not.toContain(image.data!.slice(0, 40));
      const { tools } = await client.listTools();
      expect(tools.find((t) => t.name === 'take_screenshot')?.annotations?.readOnlyHint).toBe(true);
    } finally {
      await client.close();
    }
  });
});
