import type { SimApps } from './geelark-sim-apps';

/**
 * GeeLark's `shell/execute {id, cmd}` as documented: one phone per call, the answer `{status, output}`;
 * phones on Android 9 or 11 answer 50001 (shell unsupported). The simulator understands the two commands an
 * operator's app start/stop sends: `monkey -p <package> -c android.intent.category.LAUNCHER 1` (which says
 * "No activities found" when the package is not installed) and `am force-stop <package>` (silent either way).
 */
export class SimShell {
  /** Phones whose Android version has no shell (50001). */
  readonly unsupported = new Set<string>();
  /** Packages each phone has in the foreground, started through the shell. */
  readonly running = new Map<string, Set<string>>();
  readonly log: { id: string; cmd: string }[] = [];

  constructor(private readonly apps: SimApps) {}

  /** 0 with the command's answer, or 50001. */
  execute(phoneId: string, cmd: unknown): { code: number; data?: { status: boolean; output: string } } {
    if (this.unsupported.has(phoneId)) return { code: 50001 };
    const text = typeof cmd === 'string' ? cmd.trim() : '';
    this.log.push({ id: phoneId, cmd: text });
    const started = /^monkey -p ([A-Za-z][\w.]*) -c android\.intent\.category\.LAUNCHER 1$/.exec(text);
    const stopped = /^am force-stop ([A-Za-z][\w.]*)$/.exec(text);
    const apps = this.running.get(phoneId) ?? new Set<string>();
    this.running.set(phoneId, apps);
    if (started) {
      if (!this.apps.installed.get(phoneId)?.has(started[1]))
        return { code: 0, data: { status: true, output: '** No activities found to run, monkey aborted.' } };
      apps.add(started[1]);
      return { code: 0, data: { status: true, output: 'Events injected: 1\n## Network stats: elapsed time=12ms' } };
    }
    if (stopped) {
      apps.delete(stopped[1]);
      return { code: 0, data: { status: true, output: '' } };
    }
    return {
      code: 0,
      data: { status: false, output: `/system/bin/sh: ${text.split(' ')[0]}: inaccessible or not found` },
    };
  }
}
