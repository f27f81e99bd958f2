import { useState } from 'react';
import type { Policy, PolicyScope } from '../../../../common/policy';
import { dayName, describeDays } from '../../../../common/weekdays';
import { useApp, useI18n } from '../../state/context';
import { i18n, t } from '../../../../common/i18n/i18n';
import { facets } from '../../lib/phone-query';

const DAYS = [0, 1, 2, 3, 4, 5, 6] as const;

function describeScope(scope: PolicyScope, label: (id: string) => string): string {
  const parts = [
    scope.accountId && label(scope.accountId),
    scope.group && t('policy.scope.group', { name: scope.group }),
    scope.tag && t('policy.scope.tag', { name: scope.tag }),
  ].filter((part): part is string => !!part);
  return parts.length ? i18n().items(parts) : t('policy.scope.all');
}

/** Two decimals, no currency: a budget is in the account's own currency, and both languages write "12.50". */
const amount = (n: number) => n.toFixed(2);

export function describePolicy(p: Policy, label: (id: string) => string): string {
  switch (p.kind) {
    case 'idleStop':
      return t('policy.describe.idle', { n: p.idleMinutes, scope: describeScope(p.scope, label) });
    case 'schedule':
      return t('policy.describe.schedule', {
        action: p.action,
        time: p.time,
        days: describeDays(p.weekdays),
        scope: describeScope(p.scope, label),
      });
    case 'budget':
      return t('policy.describe.budget', {
        account: label(p.accountId),
        warn: amount(p.warnAt),
        stop: p.stopAt === null ? 'none' : amount(p.stopAt),
        asking: p.act ? 'no' : 'yes',
      });
  }
}

const newId = () => `p_${Math.random().toString(36).slice(2, 10)}`;

/** Create or edit one policy; errors are shown at their field, and a dry run shows what it would do now. */
export function PolicyForm(props: {
  initial: Policy | null;
  onSave(p: Policy): Promise<boolean>;
  onDone(): void;
  onDryRun(p: Policy): void;
  dry: { policyId: string; lines: string[] } | null;
}) {
  const accounts = useApp((s) => s.accounts);
  const phones = useApp((s) => s.phones);
  const { groups, tags } = facets([...phones.values()]);
  const init = props.initial;
  const [kind, setKind] = useState<Policy['kind']>(init?.kind ?? 'idleStop');
  const [id] = useState(init?.id ?? newId());
  const [name, setName] = useState(init?.name ?? '');
  const [scope, setScope] = useState<PolicyScope>(init && init.kind !== 'budget' ? init.scope : {});
  const [idleMinutes, setIdle] = useState(String(init?.kind === 'idleStop' ? init.idleMinutes : 30));
  const [action, setAction] = useState<'start' | 'stop'>(init?.kind === 'schedule' ? init.action : 'stop');
  const [time, setTime] = useState(init?.kind === 'schedule' ? init.time : '19:00');
  const [weekdays, setWeekdays] = useState<number[]>(init?.kind === 'schedule' ? init.weekdays : [1, 2, 3, 4, 5]);
  const [accountId, setAccount] = useState(init?.kind === 'budget' ? init.accountId : (accounts[0]?.id ?? ''));
  const [warnAt, setWarn] = useState(init?.kind === 'budget' ? String(init.warnAt) : '10');
  const [stopAt, setStop] = useState(init?.kind === 'budget' && init.stopAt !== null ? String(init.stopAt) : '');
  const [act, setAct] = useState(init?.kind === 'budget' ? init.act : false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { t } = useI18n();

  const build = (): Policy | null => {
    const e: Record<string, string> = {};
    const num = (field: string, text: string, min: number, whole = false) => {
      const n = Number(text.replace(',', '.'));
      if (!text.trim() || !Number.isFinite(n) || n < min || (whole && !Number.isInteger(n)))
        e[field] = t(whole ? 'policy.err.whole' : 'policy.err.number', { min });
      return n;
    };
    if (!name.trim()) e.name = t('policy.err.name');
    let p: Policy | null = null;
    const base = { id, name: name.trim(), enabled: init?.enabled ?? true };
    if (kind === 'idleStop') {
      const m = num('idleMinutes', idleMinutes, 1, true);
      if (m > 1440) e.idleMinutes = t('policy.err.idleMax');
      p = { ...base, kind, scope, idleMinutes: m };
    } else if (kind === 'schedule') {
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) e.time = t('policy.err.time');
      if (!weekdays.length) e.weekdays = t('policy.err.days');
      p = { ...base, kind, scope, action, time, weekdays };
    } else {
      if (!accountId) e.accountId = t('policy.err.account');
      const w = num('warnAt', warnAt, 0.01);
      const s = stopAt.trim() ? num('stopAt', stopAt, 0.01) : null;
      if (s !== null && !e.warnAt && !e.stopAt && s < w) e.stopAt = t('policy.err.stopAbove');
      p = { ...base, kind, accountId, warnAt: w, stopAt: s, act };
    }
    setErrors(e);
    if (Object.keys(e).length) {
      setTimeout(() => document.querySelector<HTMLElement>('.policy-form [aria-invalid="true"]')?.focus(), 0);
      return null;
    }
    return p;
  };
  const err = (field: string) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `pf-${field}` } : {});
  const msg = (field: string) =>
    errors[field] && (
      <span id={`pf-${field}`} className="field-error">
        {errors[field]}
      </span>
    );

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
      <label>
        {t('policy.kind')}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as Policy['kind'])} disabled={!!init}>
          <option value="idleStop">{t('policy.kind.idleStop')}</option>
          <option value="schedule">{t('policy.kind.schedule')}</option>
          <option value="budget">{t('policy.kind.budget')}</option>
        </select>
      </label>
      <label>
        {t('policy.name')}{' '}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          {...err('name')}
          placeholder={t('policy.namePlaceholder')}
        />
      </label>
      {msg('name')}
      {kind !== 'budget' && (
        <fieldset>
          <legend>{t('policy.which')}</legend>
          <select
            aria-label={t('common.account')}
            value={scope.accountId ?? ''}
            onChange={(e) => setScope({ ...scope, accountId: e.target.value || undefined })}
          >
            <option value="">{t('common.allAccounts')}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
          <select
            aria-label={t('policy.group')}
            value={scope.group ?? ''}
            onChange={(e) => setScope({ ...scope, group: e.target.value || undefined })}
          >
            <option value="">{t('policy.anyGroup')}</option>
            {groups.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
          <select
            aria-label={t('policy.tag')}
            value={scope.tag ?? ''}
            onChange={(e) => setScope({ ...scope, tag: e.target.value || undefined })}
          >
            <option value="">{t('policy.anyTag')}</option>
            {tags.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </fieldset>
      )}
      {kind === 'idleStop' && (
        <>
          <label>
            {t('policy.idleBefore')}{' '}
            <input
              className="short"
              inputMode="numeric"
              value={idleMinutes}
              onChange={(e) => setIdle(e.target.value)}
              {...err('idleMinutes')}
            />{' '}
            {t('policy.idleAfter')}
          </label>
          {msg('idleMinutes')}
        </>
      )}
      {kind === 'schedule' && (
        <>
          <label>
            <select
              aria-label={t('policy.scheduledAction')}
              value={action}
              onChange={(e) => setAction(e.target.value as 'start' | 'stop')}
            >
              <option value="stop">{t('action.stop')}</option>
              <option value="start">{t('action.start')}</option>
            </select>{' '}
            {t('policy.at')}{' '}
            <input
              className="short"
              value={time}
              onChange={(e) => setTime(e.target.value)}
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
                  checked={weekdays.includes(i)}
                  onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, i] : weekdays.filter((x) => x !== i))}
                />{' '}
                {dayName(i)}
              </label>
            ))}
          </fieldset>
          {msg('weekdays')}
        </>
      )}
      {kind === 'budget' && (
        <>
          <label>
            {t('common.account')}{' '}
            <select value={accountId} onChange={(e) => setAccount(e.target.value)} {...err('accountId')}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          {msg('accountId')}
          <label>
            {t('policy.warnAt')}{' '}
            <input
              className="short"
              inputMode="decimal"
              value={warnAt}
              onChange={(e) => setWarn(e.target.value)}
              {...err('warnAt')}
            />
          </label>
          {msg('warnAt')}
          <label>
            {t('policy.stopAt')}{' '}
            <input
              className="short"
              inputMode="decimal"
              value={stopAt}
              placeholder={t('policy.never')}
              onChange={(e) => setStop(e.target.value)}
              {...err('stopAt')}
            />
          </label>
          {msg('stopAt')}
          <label className="check">
            <input type="checkbox" checked={act} onChange={(e) => setAct(e.target.checked)} /> {t('policy.act')}
          </label>
        </>
      )}
      {props.dry?.policyId === id && (
        <ul className="dry-run" role="status" aria-label={t('autopilot.dryRun')}>
          {props.dry.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
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
