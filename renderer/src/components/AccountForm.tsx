import { useRef, useState, type FormEvent } from 'react';
import { useRestoreFocus } from './Dialog';
import { HUAWEI_REGIONS } from '../../../common/channels';
import type { Credentials } from '../../../common/contract';
import { useApp } from '../state/context';

type Mode = 'geelark-token' | 'geelark-key' | 'huawei-aksk' | 'huawei-password';
const MODES: { id: Mode; label: string }[] = [
  { id: 'geelark-token', label: 'GeeLark — API token' },
  { id: 'geelark-key', label: 'GeeLark — App ID + API key' },
  { id: 'huawei-aksk', label: 'Huawei CPH — AK/SK' },
  { id: 'huawei-password', label: 'Huawei CPH — IAM user + password' },
];

/** Adds an account. Credentials go to main, are tested there, and are never shown again. */
export function AccountForm({ onDone }: { onDone(): void }) {
  const addAccount = useApp((s) => s.addAccount);
  const cancelTest = useApp((s) => s.cancelAccountTest);
  const [mode, setMode] = useState<Mode>('geelark-token');
  const [f, setF] = useState<Record<string, string>>({ region: 'cn-north-4' });
  const [error, setError] = useState('');
  /** The field main said the problem is with (its input name), so the message is shown there. */
  const [errorField, setErrorField] = useState<string | null>(null);
  useRestoreFocus('[data-testid="add-account"]');
  const [busy, setBusy] = useState(false);
  const field = (name: string, labelText: string, type = 'text', placeholder = '') => {
    const invalid = errorField === name;
    return (
      <label>
        {labelText}
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
  const credentials = (): Credentials => {
    const baseUrl = f.baseUrl?.trim() || undefined;
    const huawei = { region: f.region as (typeof HUAWEI_REGIONS)[number], projectId: f.projectId?.trim() || undefined, baseUrl, iamUrl: f.iamUrl?.trim() || undefined };
    switch (mode) {
      case 'geelark-token':
        return { provider: 'geelark', auth: 'token', token: f.token ?? '', baseUrl };
      case 'geelark-key':
        return { provider: 'geelark', auth: 'key', appId: f.appId ?? '', apiKey: f.apiKey ?? '', baseUrl };
      case 'huawei-aksk':
        return { provider: 'huawei', auth: 'aksk', ak: f.ak ?? '', sk: f.sk ?? '', ...huawei };
      case 'huawei-password':
        return { provider: 'huawei', auth: 'password', domainName: f.domainName ?? '', userName: f.userName ?? '', password: f.password ?? '', ...huawei };
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    const r = await addAccount(f.label?.trim() || MODES.find((m) => m.id === mode)!.label, credentials());
    setBusy(false);
    if (r.ok) return onDone();
    // The typed values stay, so nothing is lost; the message goes to its field and focus follows it.
    const name = r.field?.split('.').pop() ?? null;
    const target = name ? formRef.current?.querySelector<HTMLInputElement>(`[name="${name}"]`) : null;
    setErrorField(target ? name : null);
    setError(r.message);
    setTimeout(() => (target ?? formRef.current?.querySelector<HTMLElement>('.error'))?.focus(), 0);
  };
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <form ref={formRef} className="card form" onSubmit={(e) => void submit(e)} aria-label="Add account" noValidate>
      <h3>Add an account</h3>
      <label>
        Provider and sign-in
        <select value={mode} onChange={(e) => setMode(e.target.value as Mode)} aria-label="Provider and sign-in">
          {MODES.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {field('label', 'Name shown in Phonedeck', 'text', 'e.g. Agency team')}
      {mode === 'geelark-token' && field('token', 'API token', 'password')}
      {mode === 'geelark-key' && (
        <>
          {field('appId', 'App ID')}
          {field('apiKey', 'API key', 'password')}
        </>
      )}
      {mode.startsWith('huawei') && (
        <label>
          Region
          <select value={f.region} onChange={(e) => setF({ ...f, region: e.target.value })} aria-label="Region">
            {HUAWEI_REGIONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
      )}
      {mode === 'huawei-aksk' && (
        <>
          {field('ak', 'Access key (AK)')}
          {field('sk', 'Secret key (SK)', 'password')}
        </>
      )}
      {mode === 'huawei-password' && (
        <>
          {field('domainName', 'Account name')}
          {field('userName', 'IAM user name')}
          {field('password', 'Password', 'password')}
        </>
      )}
      <details>
        <summary>Advanced</summary>
        {mode.startsWith('huawei') && field('projectId', 'Project ID (looked up when empty)')}
        {field('baseUrl', mode.startsWith('huawei') ? 'CPH endpoint URL' : 'API base URL (e.g. https://openapi.geelark.cn)')}
        {mode.startsWith('huawei') && field('iamUrl', 'IAM endpoint URL')}
      </details>
      {error && !errorField && (
        <p className="error" role="alert" tabIndex={-1}>
          {error}
        </p>
      )}
      <div className="dialog-buttons">
        {busy ? (
          <button type="button" onClick={() => void cancelTest()}>
            Stop testing
          </button>
        ) : (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Testing…' : 'Test and save'}
        </button>
      </div>
    </form>
  );
}
