import { useState } from 'react';
import { AccountOptions } from '../../ui/AccountOptions';
import type { Policy } from '../../../../common/policy';
import { dayName } from '../../../../common/weekdays';
import { describePolicy } from '../../lib/policy-words';

export { describePolicy };
import { useApp, useI18n } from '../../state/context';
import { t } from '../../../../common/i18n/i18n';
import { facets } from '../../lib/phone-query';
import { ActAloneField, HoursFields, type Draft, type FieldsProps } from './PolicyExtraFields';

const DAYS = [0, 1, 2, 3, 4, 5, 6] as const;

const newId = () => `p_${Math.random().toString(36).slice(2, 10)}`;

const draftOf = (init: Policy | null, firstAccount: string): Draft => ({
  kind: init?.kind ?? 'idleStop',
  name: init?.name ?? '',
  scope: init && init.kind !== 'budget' ? init.scope : {},
  idleMinutes: String(init?.kind === 'idleStop' ? init.idleMinutes : 30),
  hours: String(init?.kind === 'runningHours' ? init.hours : 8),
  actAlone: init && init.kind !== 'budget' ? !!init.actAlone : false,
  action: init?.kind === 'schedule' ? init.action : 'stop',
  time: init?.kind === 'schedule' ? init.time : '19:00',
  weekdays: init?.kind === 'schedule' ? init.weekdays : [1, 2, 3, 4, 5],
  accountId: init?.kind === 'budget' ? init.accountId : firstAccount,
  warnAt: init?.kind === 'budget' ? String(init.warnAt) : '10',
  stopAt: init?.kind === 'budget' && init.stopAt !== null ? String(init.stopAt) : '',
  act: init?.kind === 'budget' ? init.act : false,
});

/** The policy a draft describes, and the problem with each field that is not right (keyed by field). */
export function policyFrom(
  d: Draft,
  base: { id: string; enabled: boolean },
): { policy: Policy; errors: Record<string, string> } {
  const e: Record<string, string> = {};
  const num = (field: string, text: string, min: number, whole = false) => {
    const n = Number(text.replace(',', '.'));
    if (!text.trim() || !Number.isFinite(n) || n < min || (whole && !Number.isInteger(n)))
      e[field] = t(whole ? 'policy.err.whole' : 'policy.err.number', { min });
    return n;
  };
  if (!d.name.trim()) e.name = t('policy.err.name');
  const named = { ...base, name: d.name.trim() };
  const alone = d.actAlone ? { actAlone: true } : {};
  if (d.kind === 'idleStop') {
    const m = num('idleMinutes', d.idleMinutes, 1, true);
    if (m > 1440) e.idleMinutes = t('policy.err.idleMax');
    return { policy: { ...named, kind: d.kind, scope: d.scope, idleMinutes: m, ...alone }, errors: e };
  }
  if (d.kind === 'runningHours') {
    const h = num('hours', d.hours, 1, true);
    if (h > 720) e.hours = t('policy.err.hoursMax');
    return { policy: { ...named, kind: d.kind, scope: d.scope, hours: h, ...alone }, errors: e };
  }
  if (d.kind === 'schedule') {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(d.time)) e.time = t('policy.err.time');
    if (!d.weekdays.length) e.weekdays = t('policy.err.days');
    const { scope, action, time, weekdays } = d;
    return { policy: { ...named, kind: d.kind, scope, action, time, weekdays, ...alone }, errors: e };
  }
  if (!d.accountId) e.accountId = t('policy.err.account');
  const w = num('warnAt', d.warnAt, 0.01);
  const s = d.stopAt.trim() ? num('stopAt', d.stopAt, 0.01) : null;
  if (s !== null && !e.warnAt && !e.stopAt && s < w) e.stopAt = t('policy.err.stopAbove');
  return { policy: { ...named, kind: d.kind, accountId: d.accountId, warnAt: w, stopAt: s, act: d.act }, errors: e };
}

/** Create or edit one policy; errors are shown at their field, and a dry run shows what it would do now. */
export function PolicyForm(props: {
  initial: Policy | null;
  onSave(p: Policy): Promise<boolean>;
  onDone(): void;
  onDryRun(p: Policy): void;
  dry: { policyId: string; lines: string[] } | null;
}) {
  const accounts = useApp((s) => s.accounts);
  const init = props.initial;
  const [id] = useState(init?.id ?? newId());
  const [d, setDraft] = useState<Draft>(() => draftOf(init, accounts[0]?.id ?? ''));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { t } = useI18n();
  const set = (patch: Partial<Draft>) => setDraft((cur) => ({ ...cur, ...patch }));
  const build = (): Policy | null => {
    const { policy, errors: e } = policyFrom(d, { id, enabled: init?.enabled ?? true });
    setErrors(e);
    if (Object.keys(e).length) {
      setTimeout(() => document.querySelector<HTMLElement>('.policy-form [aria-invalid="true"]')?.focus(), 0);
      return null;
    }
    return policy;
  };
  const err = (field: string) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `pf-${field}` } : {});
  const msg = (field: string) =>
    errors[field] && (
      <span id={`pf-${field}`} className="field-error">
        {errors[field]}
      </span>
    );
  const fields = { d, set, err, msg };
  return (
    <form
      className="card policy-form"
      aria-label={init ? t('policy.editLabel', { name: init.name }) : t('policy.newLabel')}
      onSubmit={(e) => {
        e.preventDefault();
        const p = build();
        if (p) void props.onSave(p);
      }}
    >
      <KindAndName {...fields} locked={!!init} />
      {d.kind !== 'budget' && <ScopeFields {...fields} />}
      {d.kind === 'idleStop' && <IdleFields {...fields} />}
      {d.kind === 'runningHours' && <HoursFields {...fields} />}
      {d.kind === 'schedule' && <ScheduleFields {...fields} />}
      {d.kind === 'budget' && <BudgetFields {...fields} />}
      {d.kind !== 'budget' && <ActAloneField {...fields} />}
      {props.dry?.policyId === id && <DryRunLines lines={props.dry.lines} />}
      <div className="row-actions">
        <button
          type="button"
          onClick={() => {
            const p = build();
            if (p) props.onDryRun(p);
          }}
        >
          {t('autopilot.dryRun')}
        </button>
        <button type="button" onClick={props.onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary">
          {t('policy.save')}
        </button>
      </div>
    </form>
  );
}

/** Which phones an idle-stop or schedule policy is about: an account, a group, a tag (or all). */
function ScopeFields({ d, set }: FieldsProps) {
  const phones = useApp((s) => s.phones);
  const { groups, tags } = facets([...phones.values()]);
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('policy.which')}</legend>
      <select
        aria-label={t('common.account')}
        value={d.scope.accountId ?? ''}
        onChange={(e) => set({ scope: { ...d.scope, accountId: e.target.value || undefined } })}
      >
        <option value="">{t('common.allAccounts')}</option>
        <AccountOptions />
      </select>
      <select
        aria-label={t('policy.group')}
        value={d.scope.group ?? ''}
        onChange={(e) => set({ scope: { ...d.scope, group: e.target.value || undefined } })}
      >
        <option value="">{t('policy.anyGroup')}</option>
        {groups.map((g) => (
          <option key={g}>{g}</option>
        ))}
      </select>
      <select
        aria-label={t('policy.tag')}
        value={d.scope.tag ?? ''}
        onChange={(e) => set({ scope: { ...d.scope, tag: e.target.value || undefined } })}
      >
        <option value="">{t('policy.anyTag')}</option>
        {tags.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
    </fieldset>
  );
}

function IdleFields({ d, set, err, msg }: FieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('policy.idleBefore')}{' '}
        <input
          className="short"
          inputMode="numeric"
          value={d.idleMinutes}
          onChange={(e) => set({ idleMinutes: e.target.value })}
          {...err('idleMinutes')}
        />{' '}
        {t('policy.idleAfter')}
      </label>
      {msg('idleMinutes')}
    </>
  );
}

function ScheduleFields({ d, set, err, msg }: FieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <label>
        <select
          aria-label={t('policy.scheduledAction')}
          value={d.action}
          onChange={(e) => set({ action: e.target.value as 'start' | 'stop' })}
        >
          <option value="stop">{t('action.stop')}</option>
          <option value="start">{t('action.start')}</option>
        </select>{' '}
        {t('policy.at')}{' '}
        <input
          className="short"
          value={d.time}
          onChange={(e) => set({ time: e.target.value })}
          {...err('time')}
          aria-label={t('policy.time')}
        />
      </label>
      {msg('time')}
      <fieldset {...err('weekdays')}>
        <legend>{t('policy.on')}</legend>
        {DAYS.map((i) => (
          <label key={i} className="check">
            <input
              type="checkbox"
              checked={d.weekdays.includes(i)}
              onChange={(e) =>
                set({ weekdays: e.target.checked ? [...d.weekdays, i] : d.weekdays.filter((x) => x !== i) })
              }
            />{' '}
            {dayName(i)}
          </label>
        ))}
      </fieldset>
      {msg('weekdays')}
    </>
  );
}

function BudgetFields({ d, set, err, msg }: FieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('common.account')}{' '}
        <select value={d.accountId} onChange={(e) => set({ accountId: e.target.value })} {...err('accountId')}>
          <AccountOptions />
        </select>
      </label>
      {msg('accountId')}
      <label>
        {t('policy.warnAt')}{' '}
        <input
          className="short"
          inputMode="decimal"
          value={d.warnAt}
          onChange={(e) => set({ warnAt: e.target.value })}
          {...err('warnAt')}
        />
      </label>
      {msg('warnAt')}
      <label>
        {t('policy.stopAt')}{' '}
        <input
          className="short"
          inputMode="decimal"
          value={d.stopAt}
          placeholder={t('policy.never')}
          onChange={(e) => set({ stopAt: e.target.value })}
          {...err('stopAt')}
        />
      </label>
      {msg('stopAt')}
      <label className="check">
        <input type="checkbox" checked={d.act} onChange={(e) => set({ act: e.target.checked })} /> {t('policy.act')}
      </label>
    </>
  );
}

/**
 * What the dry run found, announced as it appears: a live region around a list (a list that is itself a
 * status region loses its list semantics, axe: listitem).
 */
export function DryRunLines({ lines }: { lines: string[] }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-label={t('autopilot.dryRun')}>
      <ul className="dry-run">
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}

/** The policy's kind (fixed once saved) and its name. */
function KindAndName({ d, set, err, msg, locked }: FieldsProps & { locked: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('policy.kind')}{' '}
        <select value={d.kind} onChange={(e) => set({ kind: e.target.value as Policy['kind'] })} disabled={locked}>
          <option value="idleStop">{t('policy.kind.idleStop')}</option>
          <option value="runningHours">{t('policy.kind.runningHours')}</option>
          <option value="schedule">{t('policy.kind.schedule')}</option>
          <option value="budget">{t('policy.kind.budget')}</option>
        </select>
      </label>
      <label>
        {t('policy.name')}{' '}
        <input
          value={d.name}
          onChange={(e) => set({ name: e.target.value })}
          {...err('name')}
          placeholder={t('policy.namePlaceholder')}
        />
      </label>
      {msg('name')}
    </>
  );
}
