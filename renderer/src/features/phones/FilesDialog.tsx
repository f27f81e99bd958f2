import { useState } from 'react';
import type { FileWhatInput, PickedFile } from '../../../../common/contract';
import { takesPackage } from '../../../../common/files';
import { CAPABILITY_FOR, type FileAction, type Phone } from '../../../../common/phone';
import { actionText, formatCount } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { ConfirmDialog } from '../../ui/Dialog';
import { Dropdown } from '../../ui/Menus';

const MENU: FileAction[] = ['install', 'uninstall', 'appStart', 'appStop', 'push'];
type From = 'computer' | 'url' | 'obs';
const PACKAGE = /^[A-Za-z][\w.]{0,199}$/;

/** "Apps & files" for the selection: install, uninstall, start or stop an app, or put a file on the phones. */
export function FilesMenu({ selected }: { selected: Phone[] }) {
  const accounts = useApp((s) => s.accounts);
  const busy = useApp((s) => s.job?.job.state === 'running');
  const [action, setAction] = useState<FileAction | null>(null);
  const { t } = useI18n();
  const offered = accounts.some((a) => a.capabilities.apps || a.capabilities.files);
  if (!offered) return null;
  return (
    <>
      <Dropdown label={t('files.menu')} testId="files-menu">
        {MENU.map((a) => (
          <button
            key={a}
            className="menu-item"
            disabled={busy || !selected.length}
            onClick={(e) => {
              (e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
              setAction(a);
            }}
          >
            {t('files.menuItem', { action: actionText(a) })}
          </button>
        ))}
      </Dropdown>
      {action && <FilesDialog action={action} selected={selected} onClose={() => setAction(null)} />}
    </>
  );
}

/** Which of the selection this can go to: running phones whose provider takes it from there. */
function targetsFor(action: FileAction, from: From, selected: Phone[], caps: (accountId: string) => boolean): Phone[] {
  const provider = takesPackage(action) ? null : from === 'obs' ? 'huawei' : 'geelark';
  return selected.filter((p) => p.status === 'running' && caps(p.accountId) && (!provider || p.provider === provider));
}

/** What the dialog's fields say to act with, or null while they do not say it yet. */
function whatOf(byPackage: boolean, from: From, picked: PickedFile | null, text: string): FileWhatInput | null {
  const v = text.trim();
  if (byPackage) return PACKAGE.test(v) ? { package: v } : null;
  if (from === 'computer') return picked && { pickId: picked.pickId };
  if (from === 'url') return /^https:\/\/\S+$/.test(v) ? { url: v } : null;
  return /^obs:\/\/\S+$/.test(v) ? { obs: v } : null;
}

/**
 * What to install, push, remove, start or stop, and on which of the selected phones: a file chosen in main's
 * own dialog (the window never sees its path), an app's https address, an OBS path for CPH, or a package.
 * Continue plans it in main like any action; the plan asks when the rules say so, and results come per phone.
 */
function FilesDialog({ action, selected, onClose }: { action: FileAction; selected: Phone[]; onClose(): void }) {
  const accounts = useApp((s) => s.accounts);
  const runBulk = useApp((s) => s.runBulk);
  const { t } = useI18n();
  const byPackage = takesPackage(action);
  const [from, setFrom] = useState<From>('computer');
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [text, setText] = useState('');
  const cap = CAPABILITY_FOR[action];
  const caps = (id: string) => !!accounts.find((a) => a.id === id)?.capabilities[cap];
  const targets = targetsFor(action, from, selected, caps);
  const what = whatOf(byPackage, from, picked, text);
  return (
    <ConfirmDialog
      title={actionText(action)}
      confirmLabel={t('files.continue', { n: formatCount(targets.length) })}
      canConfirm={!!what && targets.length > 0}
      returnFocusTo='[role="grid"]'
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        const keys = targets.map((p) => p.key);
        void runBulk(action, keys, undefined, { what: what! });
      }}
    >
      {byPackage ? (
        <label>
          {t('files.package')}
          <input
            data-autofocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="com.example.app"
            spellCheck={false}
          />
        </label>
      ) : (
        <SourceFields
          action={action}
          from={from}
          setFrom={setFrom}
          picked={picked}
          setPicked={setPicked}
          text={text}
          setText={setText}
        />
      )}
      <p data-testid="files-targets">{t('files.targets', { n: targets.length })}</p>
      {selected.length > targets.length && (
        <p className="muted">{t('files.leftOut', { n: selected.length - targets.length })}</p>
      )}
    </ConfirmDialog>
  );
}

/** Where a file or an app comes from: this computer (main's dialog), a web address, or OBS (with what CPH needs). */
function SourceFields(p: {
  action: FileAction;
  from: From;
  setFrom(f: From): void;
  picked: PickedFile | null;
  setPicked(f: PickedFile): void;
  text: string;
  setText(v: string): void;
}) {
  const pickFile = useApp((s) => s.pickFile);
  const { t } = useI18n();
  const { action, from } = p;
  const sources: From[] = action === 'install' ? ['computer', 'url', 'obs'] : ['computer', 'obs'];
  const obsExample = action === 'push' ? 'obs://bucket/path.tar' : 'obs://bucket/path.apk';
  return (
    <>
      <fieldset className="sources">
        <legend>{t('files.from')}</legend>
        {sources.map((f) => (
          <label key={f} className="check">
            <input type="radio" name="from" checked={from === f} onChange={() => p.setFrom(f)} />
            {t(`files.from.${f}`)}
          </label>
        ))}
      </fieldset>
      {from === 'computer' ? (
        <p className="picked">
          <button
            type="button"
            data-autofocus
            onClick={() => void pickFile(action === 'install' ? 'app' : 'file').then((f) => f && p.setPicked(f))}
          >
            {t('files.choose')}
          </button>
          <span data-testid="picked-name">
            {p.picked
              ? t('files.chosen', { name: p.picked.name, size: megabytes(p.picked.size) })
              : t('files.nothingChosen')}
          </span>
        </p>
      ) : (
        <label>
          {t(from === 'url' ? 'files.urlLabel' : 'files.obsLabel')}
          <input
            value={p.text}
            onChange={(e) => p.setText(e.target.value)}
            placeholder={from === 'url' ? 'https://…/app.apk' : obsExample}
            spellCheck={false}
          />
        </label>
      )}
      {from === 'obs' && <p className="muted">{t(action === 'push' ? 'files.obsTarHint' : 'files.obsApkHint')}</p>}
    </>
  );
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;
