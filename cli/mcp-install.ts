import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ToolOutput, type Call } from './mcp-call';

/**
 * `install_app`: an APK/XAPK from this computer onto GeeLark phones, named or by group/tag. It goes through
 * the app's rules like any action (more phones than the rule allows waits for the person at the window).
 */
export function registerInstallTool(server: McpServer, call: Call): void {
  server.registerTool(
    'install_app',
    {
      title: 'Install an app',
      description:
        'Installs an APK or XAPK on running phones: an absolute path on this computer or an https address (GeeLark: uploaded or fetched once, through GeeLark review, then one phone per call), or obs://bucket/app.apk (Huawei CPH). More phones than the app allows at once wait for a person. Per-phone results.',
      inputSchema: z
        .object({
          file: z
            .string()
            .min(1)
            .max(4_096)
            .describe('Absolute path of the .apk or .xapk, an https address of one, or obs://bucket/path.apk'),
          phones: z.array(z.string().min(1).max(200)).max(1_000).optional().describe('Phone ids, keys or names'),
          group: z.string().max(200).optional(),
          tag: z.string().max(200).optional(),
        })
        .strict(),
      outputSchema: ToolOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    },
    async (a, extra) => {
      const match = { ...(a.group ? { group: a.group } : {}), ...(a.tag ? { tag: a.tag } : {}) };
      return call(
        {
          method: 'app',
          params: {
            action: 'install',
            file: a.file,
            ...(a.phones?.length ? { phones: a.phones } : {}),
            ...(Object.keys(match).length ? { match } : {}),
          },
        },
        extra,
      );
    },
  );
}
