import type { Phone } from '../../common/phone';

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
