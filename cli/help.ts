/** Exit codes, as scripts expect them: distinct per kind of failure (the README has the table). */
export const EXIT = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  notRunning: 3,
  refused: 4,
  timedOut: 5,
  notFound: 6,
} as const;

/** The exit code for a refusal from the app, by its code (never by its words). */
export function exitFor(code: string): number {
  if (code === 'APP_GONE' || code === 'APP_NOT_RUNNING') return EXIT.notRunning;
  if (code === 'BAD_REQUEST') return EXIT.usage;
  if (['DENIED', 'WITHDRAWN', 'NEEDS_CONFIRMATION', 'TOO_MANY_WAITING', 'UNAUTHORIZED', 'FORBIDDEN'].includes(code))
    return EXIT.refused;
  if (code === 'TIMEOUT') return EXIT.timedOut;
  if (code === 'NOT_FOUND' || code === 'AMBIGUOUS') return EXIT.notFound;
  return EXIT.someFailed;
}

const ENVIRONMENT = `Environment:
  PHONEDECK_SOCKET       the app's control socket (default: beside the token, in the app's data folder)
  PHONEDECK_TOKEN_FILE   the token file the app writes on each start (default: in the app's data folder)
  PHONEDECK_DATA_DIR     the app's data folder, when not the usual one`;

const EXITS = `Exit codes: 0 ok (also when there was nothing to do), 1 some phones failed, 2 usage, 3 app not running,
4 refused, denied or withdrawn, 5 timed out, 6 not found or ambiguous.`;

export const HELP: Record<string, string> = {
  app: `phonedeck app install <file.apk|file.xapk|https://…/app.apk|obs://bucket/app.apk> [<phone…>] [--group G] [--tag T] [--status S] [--account A] [--json]
phonedeck app uninstall|start|stop <package> [<phone…>] [--group G] …

Install: a file is uploaded to GeeLark once (an https address GeeLark fetches itself) and goes through GeeLark's
review, then it is installed one phone per call on the running phones named or matched; Huawei CPH phones install
an .apk from OBS (CPH must be allowed to read the bucket). Start and stop run the app's launcher or force-stop it
through the phone's shell, one phone per call. More phones than the app's rule allows, and every uninstall, wait
for your approval in the app's window. Each phone's result is printed and recorded in the activity record.`,
  push: `phonedeck push <file> <phone…> [--json]

Puts the file into each running GeeLark phone's Downloads folder: uploaded to GeeLark once, then one phone per
call, paced by the account's limit; each phone's result is printed and recorded in the activity record. Images,
videos, apk, xapk, xml and mp3 only. A client not allowed to act alone waits for approval in the window.`,
  screenshot: `phonedeck screenshot <phone> [-o shot.png] [--json]

Saves a running GeeLark phone's screen, taken now, to the file (default <phone>.png; mode 600). Two calls to
GeeLark, paced by the account's limit. Huawei CPH offers no screenshot through its API.`,
  main: `phonedeck — control the running Phonedeck app from scripts and AI agents

Usage: phonedeck <command> [options]

Commands:
  list                        phones, filtered (--status, --tag, --group, --account)
  status <phone…>             status of phones (by id, key or name)
  start|stop|restart|reset|delete
                              act on phones: <phone…> and/or --tag/--group/--status/--account, or --all-matching
                              (reset erases apps and data; on GeeLark it is a "new machine" with a new identity)
  open <phone>                open a phone's viewer window in the app
  push <file> <phone…>        put a file from this computer into running phones' Downloads (GeeLark)
  app install <file.apk|URL|obs://…> [<phone…>] [--group…]  /  app uninstall|start|stop <package> [<phone…>]
                              install an APK/XAPK (uploaded once, through GeeLark's review), or uninstall, start
                              or stop a package
  screenshot <phone> [-o f.png]
                              save a running phone's screen (GeeLark) to a file only you can read
  job show|wait <id>          a job's state and per-phone results (every action prints its job id)
  pair [--name mcp:<agent>]   pair this CLI (or an MCP client) with the app: you approve in the window, and it
                              gets its own key, so no other program can use its name (needed for "Always allow")
  activity [--since 1h]       what the app did (window, tray, policies, CLI, MCP)
  accounts                    accounts and their health
  mcp [--read-only]           run as an MCP server on stdio (for AI agents)
  completion bash|zsh|fish    a completion script for your shell (source <(phonedeck completion bash))

list and status print a table, or -o json|ndjson|name (--json is -o json), with --fields name,status,… and
--no-headers; "-" in place of phone names reads them from standard input, one per line. A filter given twice
matches either value (--status running --status stopped).

Every command takes --json and --help; --version prints the version.
Deletes, resets, and more start/stop/restart than the app's rules allow wait for approval in the app's window
(Settings → When Phonedeck asks first); Ctrl-C withdraws a request still waiting. Phones marked to keep are left
out of delete, reset and stop unless --include-kept. --dry-run shows the exact plan: what would be done, what is
left out and why, and whether it asks.

${EXITS}

${ENVIRONMENT}`,
  list: `Usage: phonedeck list [--status running]… [--tag t]… [--group g]… [--account a]… [-o table|json|ndjson|name]
       [--fields name,status,account,group,key,id,tags] [--no-headers]

Examples:
  phonedeck list --status running --status starting -o name
  phonedeck list --tag tiktok --fields name,status --no-headers`,
  status: 'Usage: phonedeck status <phone…|-> [-o table|json|ndjson|name] [--fields …] [--no-headers]',
  act: `Usage: phonedeck start|stop|restart|reset|delete <phone…> [--tag t] [--group g] [--status s] [--account a]
         [--all-matching] [--include-kept] [--dry-run] [--wait [--timeout 120] | --background] [--json]

  --dry-run        the exact plan; nothing is sent
  --include-kept   act on phones marked to keep too (asks in the app)
  --wait           wait until each phone reads its target; exit 5 when any did not within --timeout seconds
  --background     print the job id as soon as it starts (then: phonedeck job wait <id>)

Examples:
  phonedeck stop --group QA --dry-run
  phonedeck start Ava-0013 Ava-0014 --wait --timeout 300

${EXITS}`,
  open: 'Usage: phonedeck open <phone> [--json]',
  job: 'Usage: phonedeck job show <id> [--json]\n       phonedeck job wait <id> [--timeout 120] [--json]   (exit 5 if it is not done in time)',
  activity: 'Usage: phonedeck activity [--since 30m|1h|2d] [--json]',
  accounts: 'Usage: phonedeck accounts [--json]',
  pair: 'Usage: phonedeck pair [--name cli|mcp:<name>] [--json]   (asks in the app; the key goes to an owner-only file)',
  mcp: 'Usage: phonedeck mcp [--read-only]   (an MCP server on stdin/stdout; configure your MCP client to run this command;\n       --read-only offers only the tools that look)',
};
