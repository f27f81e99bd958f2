import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ToolOutput, type Call } from './mcp-call';
import type { ControlScreenshot } from '../common/control';

/**
 * `take_screenshot`: one running GeeLark phone's screen as MCP image content, so an agent can look at it;
 * the structured result says which phone and when (the image is not repeated there).
 */
export function registerScreenshotTool(server: McpServer, call: Call): void {
  server.registerTool(
    'take_screenshot',
    {
      title: 'Screenshot',
      description:
        "A running GeeLark phone's screen, taken now (two GeeLark calls, paced by the account's limit). Huawei CPH has no screenshot API.",
      inputSchema: z.object({ phone: z.string().min(1).max(200).describe('Phone id, key or name') }).strict(),
      outputSchema: ToolOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (a, extra) => {
      const r = await call({ method: 'screenshot', params: { phone: a.phone } }, extra);
      if (r.isError) return r;
      const shot = r.structuredContent.result as ControlScreenshot;
      const { image, ...about } = shot;
      return {
        content: [
          { type: 'text' as const, text: `${shot.name}'s screen, taken ${new Date(shot.takenAt).toISOString()}` },
          { type: 'image' as const, data: image, mimeType: shot.contentType },
        ],
        structuredContent: { result: about, progress: r.structuredContent.progress },
      };
    },
  );
}
