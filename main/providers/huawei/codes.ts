/** Huawei CPH and API Gateway error codes in plain words. */
export const HUAWEI_MESSAGES: Record<string, string> = {
  'CPS.0001': 'This IAM user lacks permission for Cloud Phone; grant CPH permissions in IAM',
  'CPS.0002': 'Invalid page offset or limit',
  'CPS.0003': 'Huawei Cloud Phone had an internal error; try again later',
  'CPS.0004': 'Invalid phone id',
  'CPS.0005': 'Phone does not exist',
  'CPS.0006': 'The Huawei account is in arrears (op_restricted); top up to continue',
  'CPS.0007': 'The Huawei account is frozen (op_suspended)',
  'CPS.0008': 'The Huawei account needs real-name verification (op_unverified)',
  'CPS.0009': 'No phones were given',
  'CPS.0010': 'Invalid status filter',
  'CPS.0016': 'Invalid server id',
  'CPS.0022': 'Phone is not available right now',
  'CPS.0023': 'An operation on this phone is already in progress',
  'APIG.0301': 'Huawei rejected the credentials (wrong AK/SK or password, expired token, or the AK is locked after failed attempts)',
  'APIG.0308': 'Huawei API throttling threshold reached; slowing down',
};

export function huaweiMessage(code: string, fallback: string): string {
  return HUAWEI_MESSAGES[code.replace(/^APIGW\./, 'APIG.')] ?? `Huawei error ${code}: ${fallback}`;
}
