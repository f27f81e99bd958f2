import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** The built `phonedeck` CLI (npm run build makes it). */
export const CLI = join(import.meta.dirname, '../../out/cli/phonedeck.mjs');

/**
 * Runs the built CLI, and an MCP client on it, against a control socket the test serves (`where` is read at
 * each call: it is set once the core is up).
 */
export function cliFor(where: () => { socket: string; tokenFile: string }) {
  const env = () => ({ ...process.env, PHONEDECK_SOCKET: where().socket, PHONEDECK_TOKEN_FILE: where().tokenFile });
  const cli = (args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) =>
      execFile(process.execPath, [CLI, ...args], { env: env(), timeout: 60_000 }, (e, out, err) =>
        resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out, err }),
      ),
    );
  const mcp = async (name: string) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp'],
      env: env() as Record<string, string>,
      stderr: 'ignore',
    });
    const client = new Client({ name, version: '1.0.0' });
    await client.connect(transport);
    return client;
  };
  return { cli, mcp };
}
