import { useI18n } from '../../state/context';
import type { ReactNode } from 'react';
import type { Policy, PolicyScope } from '../../../../common/policy';

/** What the form holds while it is edited: every kind's fields, as typed. */
export interface Draft {
  kind: Policy['kind'];
  hours: string;
  actAlone: boolean;
  name: string;
  scope: PolicyScope;
  idleMinutes: string;
  action: 'start' | 'stop';
  time: string;
  weekdays: number[];
  accountId: string;
  warnAt: string;
  stopAt: string;
  act: boolean;
}

/** What each kind's fields get: the draft, a way to change it, and the field's error wiring. */
export interface FieldsProps {
  d: Draft;
  set(patch: Partial<Draft>): void;
  err(field: string): Record<string, unknown>;
  msg(field: string): ReactNode;
}

/** "Stop after running H hours": for providers that report no evidence of use (Huawei CPH). */
export function HoursFields({ d, set, err, msg }: FieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('policy.hoursBefore')}{' '}
        <input
          className="short"
          inputMode="numeric"
          value={d.hours}
          onChange={(e) => set({ hours: e.target.value })}
          {...err('hours')}
        />{' '}
        {t('policy.hoursAfter')}
      </label>
      {msg('hours')}
      <p className="muted">{t('policy.hoursNote')}</p>
    </>
  );
}

/** The rule table's exception a person may grant: act on more phones than the count without asking. */
export function ActAloneField({ d, set }: FieldsProps) {
  const { t } = useI18n();
  return (
    <label className="check">
      <input type="checkbox" checked={d.actAlone} onChange={(e) => set({ actAlone: e.target.checked })} />{' '}
      {t('policy.actAlone')}
    </label>
  );
}
