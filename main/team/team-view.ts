import pg from 'pg';
import { oneAtATime } from '../kernel/one-at-a-time';
import { listenForPhones, phonesSince, type TeamPhone } from './team-sql';

export type { TeamPhone };

/**
 * What a node that does not lead an account sees of it: the leader's statuses, pushed by NOTIFY and read
 * from the revision this view last saw, so a burst of changes costs one read, and a reconnect catches up.
 */
export class TeamView {
  private client: pg.Client | null = null;
  private rev = '0';
  private closed = false;
  private reconnecting = false;
  private readonly listeners: ((phones: TeamPhone[]) => void)[] = [];

  constructor(private readonly url: string) {}

  onPhones(l: (phones: TeamPhone[]) => void): void {
    this.listeners.push(l);
  }

  async start(): Promise<void> {
    const c = new pg.Client({ connectionString: this.url, keepAlive: true });
    c.on('error', () => void this.reconnect());
    try {
      await c.connect();
    } catch (e) {
      await c.end().catch(() => undefined); // or each failed try keeps a socket open
      throw e;
    }
    c.on('notification', () => void this.read());
    await listenForPhones(c);
    this.client = c;
    await this.read();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }

  /** One read at a time; a notification during a read asks for one more after it. */
  private readonly read = oneAtATime(
    async () => {
      const client = this.client;
      if (!client) return;
      const { rev, phones } = await phonesSince(client, this.rev);
      this.rev = rev;
      if (phones.length) for (const l of this.listeners) l(phones);
    },
    // A read on a connection that died: reconnect, and the first read after it catches up.
    () => void this.reconnect(),
  );

  /** One reconnect loop at a time, however many errors the dying connection reports. */
  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    const old = this.client;
    this.client = null;
    await old?.end().catch(() => undefined);
    while (!this.closed) {
      try {
        await this.start();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    this.reconnecting = false;
  }
}
