import { randomBytes } from 'node:crypto';

/** An app version in the simulated team library, as an upload that passed review makes it. */
interface Version {
  appId: string;
  versionId: string;
  appName: string;
  packageName: string;
  version: number;
}
interface Upload {
  at: number;
  readyAt: number;
  outcome: 'ok' | 'failed' | 'rejected';
  version: Version | null;
}

/**
 * GeeLark's applications as documented: `app/upload {fileUrl (apk/xapk), desc}` starts an upload that passes
 * a review (`app/upload/status`: 0 uploading, 1 done with its versionId, 2 failed, 3 not approved; 42007 for a
 * task it does not know); `app/install {envId, appVersionId}` (42002 not running, 42003 already installing,
 * 42004 a higher version installed, 42006 no such app); `app/uninstall {envId, packageName}` (42005 not
 * installed); and the batch endpoint's trap: `app/operation/batch` without `groupIds` acts on every running phone.
 */
export class SimApps {
  private readonly uploads = new Map<string, Upload>();
  private readonly versions = new Map<string, Version>();
  /** Installed apps per phone: package → version number, and until when an install is under way. */
  readonly installed = new Map<string, Map<string, { version: number; until: number }>>();
  /** What the batch endpoint touched, to prove a client never sent it without groups. */
  readonly batchCalls: { groupIds: unknown; action: unknown; phones: string[] }[] = [];
  reviewMs = 100;
  installMs = 100;
  /** Hosts a URL upload cannot be fetched from (the upload then fails in review, status 2). */
  readonly unreachable = new Set<string>();
  /** The next upload's fate. */
  nextUpload: 'ok' | 'failed' | 'rejected' = 'ok';

  constructor(private readonly now: () => number) {}

  upload(desc: unknown, fetched = true): { taskId: string } {
    const taskId = randomBytes(8).toString('hex');
    const name = typeof desc === 'string' && desc.trim() ? desc.trim().slice(0, 60) : 'App';
    const packageName = `com.sim.${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}`;
    const same = [...this.versions.values()].filter((v) => v.packageName === packageName);
    const outcome = fetched ? this.nextUpload : 'failed';
    this.nextUpload = 'ok';
    const version: Version = {
      appId: same[0]?.appId ?? randomBytes(6).toString('hex'),
      versionId: randomBytes(8).toString('hex'),
      appName: name,
      packageName,
      version: same.length + 1,
    };
    this.uploads.set(taskId, { at: this.now(), readyAt: this.now() + this.reviewMs, outcome, version });
    return { taskId };
  }

  status(taskId: unknown): { code: number } | { data: Record<string, unknown> } {
    const u = typeof taskId === 'string' ? this.uploads.get(taskId) : undefined;
    if (!u) return { code: 42007 };
    if (this.now() < u.readyAt) return { data: { status: 0 } };
    if (u.outcome === 'failed') return { data: { status: 2 } };
    if (u.outcome === 'rejected') return { data: { status: 3 } };
    const v = u.version!;
    this.versions.set(v.versionId, v);
    return { data: { status: 1, appName: v.appName, appIcon: '', appId: v.appId, versionId: v.versionId } };
  }

  /** 0 when accepted, or the documented refusal. */
  install(phoneId: string, versionId: unknown): number {
    const v = typeof versionId === 'string' ? this.versions.get(versionId) : undefined;
    if (!v) return 42006;
    const apps = this.installed.get(phoneId) ?? new Map();
    const have = apps.get(v.packageName);
    if (have && this.now() < have.until) return 42003;
    if (have && have.version > v.version) return 42004;
    apps.set(v.packageName, { version: v.version, until: this.now() + this.installMs });
    this.installed.set(phoneId, apps);
    return 0;
  }

  uninstall(phoneId: string, packageName: unknown): number {
    const apps = this.installed.get(phoneId);
    if (typeof packageName !== 'string' || !apps?.delete(packageName)) return 42005;
    return 0;
  }

  /** The batch endpoint as documented, trap included: no groupIds means every running phone. */
  batch(
    body: Record<string, unknown>,
    running: { id: string; group: string }[],
  ): { items: { id: string; errCode: number }[] } {
    const groups = Array.isArray(body.groupIds) ? (body.groupIds as string[]) : null;
    const phones = running.filter((p) => !groups || groups.includes(`g-${p.group}`));
    this.batchCalls.push({ groupIds: body.groupIds, action: body.action, phones: phones.map((p) => p.id) });
    return { items: phones.map((p) => ({ id: p.id, errCode: 0 })) };
  }
}
