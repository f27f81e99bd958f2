import { randomBytes } from 'node:crypto';
import type { SimReply } from './sim-http';

/** The file types `upload/getUrl` takes (Upload temporary files to GeeLark). */
export const GEELARK_FILE_TYPES = new Set([
  'jpg',
  'jpeg',
  'png',
  'gif',
  'bmp',
  'tiff',
  'tif',
  'webp',
  'svg',
  'heif',
  'heic',
  'mp4',
  'avi',
  'mkv',
  'mov',
  'wmv',
  'flv',
  'webm',
  'mpeg',
  'mpg',
  '3gp',
  'apk',
  'xapk',
  'xml',
  'mp3',
]);
/** An upload URL takes its PUT for 30 minutes; a push's result can be read for an hour. */
export const UPLOAD_URL_MS = 30 * 60_000;
export const PUSH_RESULT_MS = 60 * 60_000;

interface Slot {
  ext: string;
  issuedAt: number;
  bytes: Buffer | null;
}
interface Push {
  phoneId: string;
  resource: string;
  at: number;
  readyAt: number;
  failed: boolean;
}

/**
 * GeeLark's temporary files and pushes, as documented: `upload/getUrl {fileType}` gives an upload URL (PUT
 * within 30 min, no extra headers needed) and a resource URL; `phone/uploadFile {id, fileUrl}` puts a
 * resource into one running phone's Downloads (42002 otherwise, 60003 for a URL it cannot fetch) as a task
 * whose result reads 1 uploading, 2 done, 3 failed, and 0 once unknown or past the hour.
 */
export class SimFiles {
  private readonly slots = new Map<string, Slot>();
  private readonly pushes = new Map<string, Push>();
  /** What each phone's Downloads folder received, by phone id: the files' bytes. */
  readonly downloads = new Map<string, Buffer[]>();
  delayMs = 100;
  /** Phones whose next push fails (status 3). */
  readonly failing = new Set<string>();

  constructor(
    private readonly now: () => number,
    private readonly baseUrl: () => string,
  ) {}

  getUrl(fileType: unknown): { uploadUrl: string; resourceUrl: string } | null {
    if (typeof fileType !== 'string' || !GEELARK_FILE_TYPES.has(fileType.toLowerCase())) return null;
    const token = randomBytes(8).toString('hex');
    this.slots.set(token, { ext: fileType.toLowerCase(), issuedAt: this.now(), bytes: null });
    return {
      uploadUrl: `${this.baseUrl()}/__upload/${token}?Expires=${Math.floor((this.now() + UPLOAD_URL_MS) / 1000)}`,
      resourceUrl: `${this.baseUrl()}/__files/${token}.${fileType.toLowerCase()}`,
    };
  }

  /** The PUT to an upload URL: stored once, within its 30 minutes. */
  put(path: string, body: Buffer): SimReply | null {
    const m = /^\/__upload\/([0-9a-f]{16})$/.exec(path);
    if (!m) return null;
    const slot = this.slots.get(m[1]);
    if (!slot || this.now() > slot.issuedAt + UPLOAD_URL_MS) return { status: 403, body: 'Request has expired' };
    slot.bytes = body;
    return { status: 200, body: '' };
  }

  /** Whether a resource URL holds an uploaded file (app/upload takes one). */
  has(fileUrl: string): boolean {
    return this.resource(fileUrl) !== null;
  }

  private resource(fileUrl: unknown): Slot | null {
    if (typeof fileUrl !== 'string') return null;
    const m = /\/__files\/([0-9a-f]{16})\.\w+$/.exec(fileUrl);
    const slot = m ? this.slots.get(m[1]) : undefined;
    return slot?.bytes && fileUrl.startsWith(this.baseUrl()) ? slot : null;
  }

  /** phone/uploadFile for a running phone: the task, or null when the file URL cannot be fetched (60003). */
  push(phoneId: string, fileUrl: unknown): { taskId: string } | null {
    if (!this.resource(fileUrl)) return null;
    const taskId = randomBytes(8).toString('hex');
    const at = this.now();
    this.pushes.set(taskId, {
      phoneId,
      resource: fileUrl as string,
      at,
      readyAt: at + this.delayMs,
      failed: this.failing.delete(phoneId),
    });
    return { taskId };
  }

  result(taskId: unknown): { status: 0 | 1 | 2 | 3 } {
    const p = typeof taskId === 'string' ? this.pushes.get(taskId) : undefined;
    const now = this.now();
    if (!p || now > p.at + PUSH_RESULT_MS) return { status: 0 };
    if (now < p.readyAt) return { status: 1 };
    if (p.failed) return { status: 3 };
    // Delivered once, when first seen done.
    const got = this.downloads.get(p.phoneId) ?? [];
    const bytes = this.resource(p.resource)!.bytes!;
    if (!got.includes(bytes)) this.downloads.set(p.phoneId, [...got, bytes]);
    return { status: 2 };
  }
}
