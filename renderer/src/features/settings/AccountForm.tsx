import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useRestoreFocus } from '../../ui/Dialog';
import { HUAWEI_REGIONS } from '../../../../common/channels';
import type { Credentials } from '../../../../common/contract/index';
import { useApp, useI18n } from '../../state/context';
import type { MessageKey } from '../../../../common/i18n/i18n';

const MODES = ['geelark-token', 'geelark-key', 'huawei-aksk', 'huawei-password'] as const;
type Mode = (typeof MODES)[number];

/** What the form's fields say, as the credentials of the chosen provider and sign-in mode. */
function credentialsFor(mode: Mode, f: Record<string, string>): Credentials {
  const baseUrl = f.baseUrl?.trim() || undefined;
  const huawei = {
    region: f.region as (typeof HUAWEI_REGIONS)[number],
    projectId: f.projectId?.trim() || undefined,
    baseUrl,
    iamUrl: f.iamUrl?.trim() || undefined,
  };
  switch (mode) {
    case 'geelark-token':
      return { provider: 'geelark', auth: 'token', token: f.token ?? '', baseUrl };
    case 'geelark-key':
      return { provider: 'geelark', auth: 'key', appId: f.appId ?? '', apiKey: f.apiKey ?? '', baseUrl };
    case 'huawei-aksk':
      return { provider: 'huawei', auth: 'aksk', ak: f.ak ?? '', sk: f.sk ?? '', ...huawei };
    case 'huawei-password':
      return {
        provider: 'huawei',
        auth: 'password',
        domainName: f.domainName ?? '',
        userName: f.userName ?? '',
        password: f.password ?? '',
        ...huawei,
      };
  }
}

/** What stays when the mode changes: the name always; the endpoint and region only within the same provider. */
function fieldsKeptFor(next: Mode, current: Mode, f: Record<string, string>): Record<string, string> {
  const sameProvider = next.split('-')[0] === current.split('-')[0];
  return {
    ...(f.label ? { label: f.label } : {}),
    region: sameProvider ? (f.region ?? 'cn-north-4') : 'cn-north-4',
    ...(sameProvider && f.baseUrl ? { baseUrl: f.baseUrl } : {}),
  };
}

/** Adds an account. Credentials go to main, are tested there, and are never shown again. */
/** `onDone` gets the new account's id once saved, or null when the person cancelled. */
/** Cancelled, focus goes back to "Add account"; saved (the ref set true), whoever closes the form places it. */
function useSavedHandsOnFocus() {
  const saved = useRef(false);
  useRestoreFocus('[data-testid="add-account"]', () => saved.current);
  return saved;
}

export function AccountForm({ onDone }: { onDone(addedId: string | null): void }) {
  const addAccount = useApp((s) => s.addAccount);
  const [mode, setMode] = useState<Mode>('geelark-token');
  const [f, setF] = useState<Record<string, string>>({ region: 'cn-north-4' });
  const [error, setError] = useState('');
  /** The field main said the problem is with (its input name), so the message is shown there. */
  const [errorField, setErrorField] = useState<string | null>(null);
  const saved = useSavedHandsOnFocus();
  const [busy, setBusy] = useState(false);
  const { t } = useI18n();
  const field = (name: string, labelKey: MessageKey, type = 'text', placeholder = '') => {
    const invalid = errorField === name;
    return (
      <label>
        {t(labelKey)}
        <input
          name={name}
          type={type}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          value={f[name] ?? ''}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'account-form-error' : undefined}
          onChange={(e) => setF({ ...f, [name]: e.target.value })}
        />
        {invalid && (
          <span className="field-error" id="account-form-error">
            {error}
          </span>
        )}
      </label>
    );
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    const r = await addAccount(f.label?.trim() || t(`form.mode.${mode}`), credentialsFor(mode, f));
    setBusy(false);
    if (r.ok) {
      saved.current = true;
      return onDone(r.accountId);
    }
    // The typed values stay, so nothing is lost; the message goes to its field and focus follows it.
    const name = r.field?.split('.').pop() ?? null;
    const target = name ? formRef.current?.querySelector<HTMLInputElement>(`[name="${name}"]`) : null;
    setErrorField(target ? name : null);
    setError(r.message);
    setTimeout(() => (target ?? formRef.current?.querySelector<HTMLElement>('.error'))?.focus(), 0);
  };
  const formRef = useRef<HTMLFormElement>(null);
  /**
   * Another provider or sign-in mode starts from its own empty fields: a Huawei endpoint left in the GeeLark
   * API base would send the GeeLark token to Huawei, and the other provider's error no longer applies. The
   * name stays; the endpoint and region stay only within the same provider.
   */
  const switchMode = (next: Mode) => {
    setF(fieldsKeptFor(next, mode, f));
    setError('');
    setErrorField(null);
    setMode(next);
  };
  return (
    <form ref={formRef} className="card form" onSubmit={(e) => void submit(e)} aria-label={t('form.label')} noValidate>
      <h3>{t('form.title')}</h3>
      <label>
        {t('form.mode')}
        <select value={mode} onChange={(e) => switchMode(e.target.value as Mode)} aria-label={t('form.mode')}>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {t(`form.mode.${m}`)}
            </option>
          ))}
        </select>
      </label>
      {field('label', 'form.name', 'text', t('form.namePlaceholder'))}
      <ProviderFields mode={mode} f={f} setF={setF} field={field} />
      {error && !errorField && (
        <p className="error" role="alert" tabIndex={-1}>
          {error}
        </p>
      )}
      <FormButtons busy={busy} onCancel={() => onDone(null)} />
    </form>
  );
}

type FieldFn = (name: string, labelKey: MessageKey, type?: string, placeholder?: string) => ReactElement;

/** The fields of one provider and sign-in mode; switching mode shows only that mode's fields. */
function ProviderFields(p: {
  mode: Mode;
  f: Record<string, string>;
  setF(f: Record<string, string>): void;
  field: FieldFn;
}) {
  const { mode, f, setF, field } = p;
  const { t } = useI18n();
  return (
    <>
      {mode === 'geelark-token' && field('token', 'form.token', 'password')}
      {mode === 'geelark-key' && (
        <>
          {field('appId', 'form.appId')}
          {field('apiKey', 'form.apiKey', 'password')}
        </>
      )}
      {mode.startsWith('huawei') && (
        <label>
          {t('form.region')}
          <select
            value={f.region}
            onChange={(e) => setF({ ...f, region: e.target.value })}
            aria-label={t('form.region')}
          >
            {HUAWEI_REGIONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
      )}
      {mode === 'huawei-aksk' && (
        <>
          {field('ak', 'form.ak')}
          {field('sk', 'form.sk', 'password')}
        </>
      )}
      {mode === 'huawei-password' && (
        <>
          {field('domainName', 'form.domainName')}
          {field('userName', 'form.userName')}
          {field('password', 'form.password', 'password')}
        </>
      )}
      <details>
        <summary>{t('form.advanced')}</summary>
        {mode.startsWith('huawei') && field('projectId', 'form.projectId')}
        {field('baseUrl', mode.startsWith('huawei') ? 'form.cphUrl' : 'form.geelarkUrl')}
        {mode.startsWith('huawei') && field('iamUrl', 'form.iamUrl')}
      </details>
    </>
  );
}

/** While the connection test runs, Cancel becomes "Stop testing" (nothing is saved either way). */
function FormButtons({ busy, onCancel }: { busy: boolean; onCancel(): void }) {
  const cancelTest = useApp((s) => s.cancelAccountTest);
  const { t } = useI18n();
  return (
    <div className="dialog-buttons">
      {busy ? (
        <button type="button" onClick={() => void cancelTest()}>
          {t('form.stopTesting')}
        </button>
      ) : (
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('form.testing') : t('form.save')}
      </button>
    </div>
  );
}
