#!/usr/bin/env node
import { main } from './phonedeck';

// `phonedeck mcp` serves MCP on stdio; everything else is one command and an exit code.
if (process.argv[2] === 'mcp' && !process.argv.includes('--help')) {
  const { runMcpServer } = await import('./mcp');
  await runMcpServer({ readOnly: process.argv.includes('--read-only') });
} else {
  const code = await main(process.argv.slice(2), {
    out: (s) => console.log(s),
    err: (s) => console.error(s),
    tty: !!process.stderr.isTTY,
  });
  process.exitCode = code;
}
