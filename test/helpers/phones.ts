import type { Phone } from '../../common/phone';
import { keptWhy } from '../../common/keep';

export function makePhone(p: Partial<Phone> = {}): Phone {
  const id = p.id ?? '100000000000000001';
  const accountId = p.accountId ?? 'acc';
  return {
    key: `${accountId}/${id}`,
    id,
    accountId,
    provider: 'geelark',
    name: 'Phone',
    serialNo: '1',
    group: '',
    tags: [],
    remark: '',
    status: 'stopped',
    statusDetail: '',
    runningSince: null,
    runningSinceExact: false,
    billing: 'per-minute',
    ...p,
  };
}

/** A phone nothing marks to keep (no favourite, keep-running mark, or "do not delete"-like remark or tag). */
export const notKept = (p: Pick<Phone, 'key' | 'tags' | 'remark'>): boolean =>
  keptWhy(p, new Set(), new Set()) === null;

/** A provider that offers every action (the planner's and the autopilot's tests). */
export const ALL_CAPS = {
  start: true,
  stop: true,
  delete: true,
  restart: true,
  reset: true,
  viewer: true,
  startOptions: true,
  screenshot: true,
  files: true,
  apps: true,
} as const;
