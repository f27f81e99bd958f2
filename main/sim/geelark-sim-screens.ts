import { randomBytes } from 'node:crypto';
import type { SimReply } from './sim-http';
import { phoneScreenPng } from './sim-png';

/** GeeLark keeps a screenshot's result for 30 minutes (Get_screen_shot_result). */
export const SCREENSHOT_RESULT_MS = 30 * 60_000;

interface Shot {
  phoneId: string;
  at: number;
  readyAt: number;
  failed: boolean;
}

/**
 * The screenshot endpoints as documented: `phone/screenShot {id}` (one running phone per call, else 42002)
 * answers a task id; `phone/screenShot/result {taskId}` answers status 1 while it runs, 2 with a download
 * link when done, 3 when it failed, and 0 ("failed to get") for an unknown or expired task (after 30 min).
 * The link serves the image itself, valid as long as the result.
 */
export class SimScreens {
  private readonly shots = new Map<string, Shot>();
  /** How long a screenshot takes to be ready. */
  delayMs = 200;
  /** Phones whose next screenshot fails (status 3). */
  readonly failing = new Set<string>();

  constructor(
    private readonly now: () => number,
    private readonly baseUrl: () => string,
  ) {}

  /** The phones a screenshot was asked for, in order (to prove a wall never asked for one out of view). */
  takenFor(): string[] {
    return [...this.shots.values()].map((s) => s.phoneId);
  }

  take(phoneId: string): { taskId: string } {
    const taskId = randomBytes(8).toString('hex');
    const at = this.now();
    this.shots.set(taskId, { phoneId, at, readyAt: at + this.delayMs, failed: this.failing.delete(phoneId) });
    return { taskId };
  }

  result(taskId: unknown): { status: 0 | 1 | 2 | 3; downloadLink?: string } {
    const s = typeof taskId === 'string' ? this.shots.get(taskId) : undefined;
    const now = this.now();
    if (!s || now > s.at + SCREENSHOT_RESULT_MS) return { status: 0 };
    if (now < s.readyAt) return { status: 1 };
    if (s.failed) return { status: 3 };
    return { status: 2, downloadLink: `${this.baseUrl()}/__shots/${taskId}.png` };
  }

  /** GET of a download link: the PNG, or 404 once expired. */
  image(path: string): SimReply | null {
    const m = /^\/__shots\/([0-9a-f]{16})\.png$/.exec(path);
    if (!m) return null;
    const s = this.shots.get(m[1]);
    if (!s || this.now() > s.at + SCREENSHOT_RESULT_MS || this.now() < s.readyAt || s.failed)
      return { status: 404, body: 'expired' };
    return { status: 200, body: phoneScreenPng(s.phoneId, s.at), headers: { 'content-type': 'image/png' } };
  }
}
