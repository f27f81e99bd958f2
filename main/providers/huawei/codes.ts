import { isMessageKey, t } from '../../../common/i18n/i18n';

/** Huawei CPH and API Gateway error codes in plain words, in the catalogue as `huawei.<code>`. */
export function huaweiMessage(code: string, fallback: string): string {
  const key = `huawei.${code.replace(/^APIGW\./, 'APIG.')}`;
  return isMessageKey(key) ? t(key) : t('err.huawei.other', { code, message: fallback });
}
