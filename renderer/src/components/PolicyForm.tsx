import { useState } from 'react';
import type { Policy, PolicyScope } from '../../../common/policy';
import { useApp } from '../state/context';
import { facets } from '../state/phone-query';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function describeScope(scope: PolicyScope, label: (id: string) => string): string {
  const parts = [scope.accountId && label(scope.accountId), scope.group && `group ${scope.group}`, scope.tag && `tag ${scope.tag}`].filter(Boolean);
  return parts.length ? parts.join(', ') : 'all phones';
}

export function describePolicy(p: Policy, label: (id: string) => string): string {
  switch (p.kind) {
    case 'idleStop':
      return `Stop after ${p.idleMinutes} min with no viewer open · ${describeScope(p.scope, label)}`;
    case 'schedule':
      return `${p.action === 'start' ? 'Start' : 'Stop'} at ${p.time} on ${p.weekdays.length === 7 ? 'every day' : [...p.weekdays].sort().map((d) => DAYS[d]).join(', ')} · ${describeScope(p.scope, label)}`;
    case 'budget':
      return `${label(p.accountId)}: warn at ${p.warnAt.toFixed(2)} a day${p.stopAt !== null ? `, stop phones started here at ${p.stopAt.toFixed(2)}${p.act ? '' : ' (asking first)'}` : ''}`;
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

  const build = (): Policy | null => {
    const e: Record<string, string> = {};
    const num = (field: string, text: string, min: number, whole = false) => {
      const n = Number(text.replace(',', '.'));
      if (!text.trim() || !Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) e[field] = whole ? `A whole number from ${min}` : `A number of at least ${min}`;
      return n;
    };
    if (!name.trim()) e.name = 'Give the policy a name';
    let p: Policy | null = null;
    const base = { id, name: name.trim(), enabled: init?.enabled ?? true };
    if (kind === 'idleStop') {
      const m = num('idleMinutes', idleMinutes, 1, true);
      if (m > 1440) e.idleMinutes = 'At most 1440 minutes (a day)';
      p = { ...base, kind, scope, idleMinutes: m };
    } else if (kind === 'schedule') {
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) e.time = 'A time like 18:30';
      if (!weekdays.length) e.weekdays = 'Pick at least one day';
      p = { ...base, kind, scope, action, time, weekdays };
    } else {
      if (!accountId) e.accountId = 'Pick an account';
      const w = num('warnAt', warnAt, 0.01);
      const s = stopAt.trim() ? num('stopAt', stopAt, 0.01) : null;
      if (s !== null && !e.warnAt && !e.stopAt && s < w) e.stopAt = 'Stop at an amount above the warning';
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
  const msg = (field: string) => errors[field] && <span id={`pf-${field}`} className="field-error">{errors[field]}</span>;

  return (
    <form
      className="card policy-form"
      aria-label={init ? `Edit policy ${init.name}` : 'New policy'}
      onSubmit={(e) => {
        e.preventDefault();
        const p = build();
        if (p) void props.onSave(p);
      }}
    >
      <label>
        Kind{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as Policy['kind'])} disabled={!!init}>
          <option value="idleStop">Idle stop</option>
          <option value="schedule">Schedule</option>
          <option value="budget">Budget guard</option>
        </select>
      </label>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} {...err('name')} placeholder="e.g. Nights off" />
      </label>
      {msg('name')}
      {kind !== 'budget' && (
        <fieldset>
          <legend>Which phones</legend>
          <select aria-label="Account" value={scope.accountId ?? ''} onChange={(e) => setScope({ ...scope, accountId: e.target.value || undefined })}>
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>{a.label}</option>
            ))}
          </select>
          <select aria-label="Group" value={scope.group ?? ''} onChange={(e) => setScope({ ...scope, group: e.target.value || undefined })}>
            <option value="">Any group</option>
            {groups.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
          <select aria-label="Tag" value={scope.tag ?? ''} onChange={(e) => setScope({ ...scope, tag: e.target.value || undefined })}>
            <option value="">Any tag</option>
            {tags.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </fieldset>
      )}
      {kind === 'idleStop' && (
        <>
          <label>
            Stop after <input className="short" inputMode="numeric" value={idleMinutes} onChange={(e) => setIdle(e.target.value)} {...err('idleMinutes')} /> minutes with no viewer window open
          </label>
          {msg('idleMinutes')}
        </>
      )}
      {kind === 'schedule' && (
        <>
          <label>
            <select aria-label="Scheduled action" value={action} onChange={(e) => setAction(e.target.value as 'start' | 'stop')}>
              <option value="stop">Stop</option>
              <option value="start">Start</option>
            </select>{' '}
            at <input className="short" value={time} onChange={(e) => setTime(e.target.value)} {...err('time')} aria-label="Time (24-hour, local)" />
          </label>
          {msg('time')}
          <fieldset {...err('weekdays')}>
            <legend>On</legend>
            {DAYS.map((d, i) => (
              <label key={d} className="check">
                <input type="checkbox" checked={weekdays.includes(i)} onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, i] : weekdays.filter((x) => x !== i))} /> {d}
              </label>
            ))}
          </fieldset>
          {msg('weekdays')}
        </>
      )}
      {kind === 'budget' && (
        <>
          <label>
            Account{' '}
            <select value={accountId} onChange={(e) => setAccount(e.target.value)} {...err('accountId')}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>{a.label}</option>
              ))}
            </select>
          </label>
          {msg('accountId')}
          <label>
            Warn when today's estimated spend reaches <input className="short" inputMode="decimal" value={warnAt} onChange={(e) => setWarn(e.target.value)} {...err('warnAt')} />
          </label>
          {msg('warnAt')}
          <label>
            Stop the phones this app started at <input className="short" inputMode="decimal" value={stopAt} placeholder="never" onChange={(e) => setStop(e.target.value)} {...err('stopAt')} />
          </label>
          {msg('stopAt')}
          <label className="check">
            <input type="checkbox" checked={act} onChange={(e) => setAct(e.target.checked)} /> Stop without asking first
          </label>
        </>
      )}
      {props.dry?.policyId === id && (
        <ul className="dry-run" role="status" aria-label="Dry run">
          {props.dry.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      <div className="row-actions">
        <button type="button" onClick={() => { const p = build(); if (p) props.onDryRun(p); }}>Dry run</button>
        <button type="button" onClick={props.onDone}>Cancel</button>
        <button type="submit" className="primary">Save policy</button>
      </div>
    </form>
  );
}
