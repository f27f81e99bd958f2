#!/usr/bin/env node
import { main } from './phonedeck';

// `phonedeck mcp` serves MCP on stdio; everything else is one command and an exit code.
if (process.argv[2] === 'mcp' && !process.argv.includes('--help')) {
  const { runMcpServer } = await import('./mcp');
  await runMcpServer({ readOnly: process.argv.includes('--read-only') });
} else if (process.argv[2] === 'team') {
  // The team database directly (PostgreSQL): no app needs to run.
  const { runTeam } = await import('./team');
  process.exitCode = await runTeam(process.argv.slice(3), { out: (s) => console.log(s), err: (s) => console.error(s) });
} else {
  // Output nobody can receive (a closed pipe, a full disk) is a failure, not a success: exit 1.
  process.stdout.on('error', () => process.exit(1));
  const code = await main(process.argv.slice(2), {
    out: (s) => console.log(s),
    err: (s) => console.error(s),
    tty: !!process.stderr.isTTY,
    stdoutTty: !!process.stdout.isTTY,
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  });
  process.exitCode = code;
}
