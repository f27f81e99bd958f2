import { useEffect, useState } from 'react';
import type { AboutInfo } from '../../../../common/contract/index';
import { useApp, useI18n } from '../../state/context';

/** Versions, the data folder, and a redacted report to paste into a support request. */
export function AboutSection() {
  const request = useApp((s) => s.request);
  const notify = useApp((s) => s.notify);
  const [about, setAbout] = useState<AboutInfo | null>(null);
  const update = useApp((s) => s.update);
  const { t } = useI18n();
  useEffect(() => {
    void request('app:about', {}).then((a) => a && setAbout(a));
  }, [request]);
  if (!about) return null;
  const copy = async () => {
    const d = await request('app:diagnostics', {});
    if (!d) return;
    try {
      await navigator.clipboard.writeText(d.text);
      notify({ level: 'info', message: t('about.copied') });
    } catch {
      notify({ level: 'error', message: t('common.copyFailed') });
    }
  };
  return (
    <section aria-labelledby="about-h">
      <h2 id="about-h">{t('about.title')}</h2>
      <div className="card about" data-testid="about">
        <div>
          <strong>{t('about.version', { version: about.version })}</strong>{' '}
          <span className="muted">{about.platform}</span>
          <div className="muted">
            {Object.entries(about.versions)
              .filter(([, v]) => v)
              .map(([k, v]) => `${k} ${v}`)
              .join(' · ')}
          </div>
          <div>
            {t('about.dataFolder')} <code>{about.dataFolder}</code>
          </div>
        </div>
        <div className="row-actions">
          <button onClick={() => void copy()}>{t('about.copyDiagnostics')}</button>
          <button onClick={() => void request('app:openFolder', { which: 'logs' })}>{t('about.openLogs')}</button>
          {update && <UpdateControls />}
        </div>
      </div>
    </section>
  );
}

function UpdateControls() {
  const update = useApp((s) => s.update)!;
  const request = useApp((s) => s.request);
  const { t } = useI18n();
  const said =
    update.state === 'checking'
      ? t('update.checking')
      : update.state === 'up-to-date'
        ? t('update.upToDate')
        : update.state === 'available'
          ? t('update.available', { version: update.version })
          : update.state === 'downloading'
            ? t('update.downloading', { version: update.version, percent: update.percent })
            : update.state === 'ready'
              ? t('update.ready', { version: update.version })
              : update.state === 'error'
                ? t('update.error', { message: update.message })
                : '';
  return (
    <span className="update" role="status">
      {said}{' '}
      {update.state === 'available' ? (
        <button onClick={() => void request('update:download', {})}>{t('update.download')}</button>
      ) : update.state === 'ready' ? (
        <button onClick={() => void request('update:restart', {})}>{t('update.restart')}</button>
      ) : update.state !== 'checking' && update.state !== 'downloading' ? (
        <button onClick={() => void request('update:check', {})}>{t('update.check')}</button>
      ) : null}
    </span>
  );
}
