import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourcesUnder, uncataloguedStrings } from '../helpers/catalogue-scan';

const root = join(import.meta.dirname, '../..');

/** Calls whose string arguments are code in main: log labels, developer errors, events, IPC, SQL, text helpers. */
const MAIN_CODE_CALLS =
  /^(t|translate|info|warn|error|Error|TypeError|RangeError|on|once|emit|handle|invoke|send|prepare|exec|run|get|mark|setHeader|test|replace|split|join|startsWith|endsWith|includes|indexOf|padStart|getPath|regex|push)$/;

/**
 * Files whose words are not for the window, each with why. Everything else in main/ that a person reads
 * (notices, notifications, dialogs, per-phone results, tray) comes from the catalogue in their language.
 */
const NOT_FOR_THE_WINDOW: Record<string, string> = {
  'main/control/control-server.ts': 'the CLI/MCP wire protocol answers scripts and agents in English (README)',
  'main/control/control-service.ts': 'the CLI/MCP replies are English for scripts and agents (README)',
  'main/control/connection.ts': 'refusals on the CLI/MCP wire, English for scripts and agents (README)',
  'main/control/approvals.ts': 'the CLI/MCP replies are English for scripts and agents (README)',
  'main/control/phone-lookup.ts': 'the CLI/MCP replies are English for scripts and agents (README)',
  'main/control/wait-for-targets.ts': 'CLI/MCP progress lines, English for scripts and agents (README)',
  'main/control/socket-dir.ts': 'why the CLI refuses a socket, English like the rest of the CLI (README)',
  'main/shell/diagnostics.ts': 'the diagnostics report is for support, in one language whatever the window speaks',
  'main/shell/login-item.ts': 'an XDG .desktop file: its keys are a file format',
  'main/ledger/schema.ts': 'SQL',
  'main/ledger/activity-queries.ts': 'SQL',
  'main/team/migrations.ts': 'SQL',
  'main/team/team-sql.ts': 'SQL',
  'main/team/team-accounts-sql.ts': 'SQL',
  'main/team/team-policies-sql.ts': 'SQL',
  'main/team/schema-v1-3.ts': 'SQL',
  'main/team/schema-v4-5.ts': 'SQL',
  'main/team/team-url.ts': 'the CLI’s English; Settings says the same in the window’s language (TeamDesk.join)',
  'main/app/serve-main.ts': 'the serve process’s own console, English like the CLI (README)',
  'main/app/serve-config.ts': 'why serve refuses its config file, English like the CLI (README)',
  'main/ledger/ledger.ts': 'SQL',
  'main/kernel/errors.ts': 'the error class name',
  'main/app/electron-ipc.ts': 'refuses a request from a page that is not the app: no person reads it',
  'main/providers/geelark/sign.ts': 'an HTTP header',
  'main/providers/geelark/provider.ts': 'the provider’s own name',
  'main/providers/geelark/one-by-one.ts': 'the provider’s own name',
  'main/providers/geelark/apps.ts': 'the provider’s own name',
  'main/providers/app-command.ts': 'shell lines the phone runs, not words for a person',
  'main/providers/huawei/provider.ts':
    'the provider’s name, and "Server …", a group name that is data (filters match it)',
  'main/shell/electron-main-window.ts': 'the product name as the window title',
};

describe('main-process strings', () => {
  it('are all in the catalogue, apart from files that do not speak to the window (each with a reason)', () => {
    const files = sourcesUnder(join(root, 'main'))
      .map((f) => relative(root, f))
      .filter((f) => !f.startsWith('main/sim/') && !(f in NOT_FOR_THE_WINDOW));
    expect(files.length).toBeGreaterThan(60);
    expect(files.flatMap((f) => uncataloguedStrings(join(root, f), MAIN_CODE_CALLS))).toEqual([]);
  });

  it('the exceptions name files that exist, so none outlives its reason unnoticed', () => {
    const all = new Set(sourcesUnder(join(root, 'main')).map((f) => relative(root, f)));
    expect(Object.keys(NOT_FOR_THE_WINDOW).filter((f) => !all.has(f))).toEqual([]);
  });
});
