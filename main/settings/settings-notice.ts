import { t as translate, type MessageKey, type MessageValues } from '../../common/i18n/i18n';

/**
 * A message from the catalogue, put into words later: settings are read before the language is known
 * (the language is one of them), so notes about them are kept as keys until the app is ready to show them.
 */
export interface Words {
  key: MessageKey;
  values?: MessageValues;
}

/** What happened to the settings file when it was opened, for a notice. */
export type SettingsNotice = { kind: 'damaged'; backup: string } | { kind: 'repaired'; what: Words[]; backup: string };

/** The notice in the current language (call it once the app has set the language). */
export function describeSettingsNotice(
  notice: SettingsNotice,
  t: (key: MessageKey, values?: MessageValues) => string = translate,
): string {
  if (notice.kind === 'damaged') return t('notice.settingsDamaged', { backup: notice.backup });
  const what = notice.what.map((w) => t(w.key, w.values)).join(t('repair.separator'));
  return t('notice.settingsRepaired', { what, backup: notice.backup });
}
