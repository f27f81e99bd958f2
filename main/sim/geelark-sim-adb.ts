/**
 * GeeLark's ADB endpoints as documented: `adb/setStatus {ids, open}` turns ADB on or off on running phones
 * (enabling is asynchronous: about 3 s), and `adb/getData {ids}` answers `items[{code, id, ip, port, pwd}]`,
 * a code per phone: 0 with the connection, 49001 ADB not enabled (or not yet), 49002 not supported on this
 * phone's Android version, 42002 not running.
 */
export class SimAdb {
  /** Phones whose Android version has no ADB (49002). */
  readonly unsupported = new Set<string>();
  /** Phones with ADB on, and from when it answers. */
  private readonly enabled = new Map<string, number>();
  enableMs = 3_000;

  constructor(private readonly now: () => number) {}

  /** On or off for each running phone; the others are left as they are. */
  setStatus(running: readonly string[], open: boolean): void {
    for (const id of running) {
      if (this.unsupported.has(id)) continue;
      if (open) {
        if (!this.enabled.has(id)) this.enabled.set(id, this.now() + this.enableMs);
      } else this.enabled.delete(id);
    }
  }

  /** A phone's connection, or why not. */
  item(id: string, running: boolean): { code: number; id: string; ip?: string; port?: number; pwd?: string } {
    if (!running) return { code: 42002, id };
    if (this.unsupported.has(id)) return { code: 49002, id };
    const from = this.enabled.get(id);
    if (from === undefined || this.now() < from) return { code: 49001, id };
    const n = [...id].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 60_000, 7);
    return {
      code: 0,
      id,
      ip: `10.${(n >> 8) & 255}.${n & 255}.7`,
      port: 20_000 + (n % 20_000),
      pwd: `adb-${n.toString(36)}`,
    };
  }
}
