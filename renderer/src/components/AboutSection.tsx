import { useEffect, useState } from 'react';
import type { AboutInfo } from '../../../common/contract';
import { useApp } from '../state/context';

/** Versions, the data folder, and a redacted report to paste into a support request. */
export function AboutSection() {
  const request = useApp((s) => s.request);
  const notify = useApp((s) => s.notify);
  const [about, setAbout] = useState<AboutInfo | null>(null);
  const update = useApp((s) => s.update);
  useEffect(() => {
    void request('app:about', {}).then((a) => a && setAbout(a));
  }, [request]);
  if (!about) return null;
  const copy = async () => {
    const d = await request('app:diagnostics', {});
    if (!d) return;
    try {
      await navigator.clipboard.writeText(d.text);
      notify({ level: 'info', message: 'Diagnostics copied (accounts are named, their keys never included)' });
    } catch {
      notify({ level: 'error', message: 'Could not copy to the clipboard' });
    }
  };
  return (
    <section aria-labelledby="about-h">
      <h2 id="about-h">About</h2>
      <div className="card about" data-testid="about">
        <div>
          <strong>Phonedeck {about.version}</strong> <span className="muted">{about.platform}</span>
          <div className="muted">{Object.entries(about.versions).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(' · ')}</div>
          <div>
            Data folder: <code>{about.dataFolder}</code>
          </div>
        </div>
        <div className="row-actions">
          <button onClick={() => void copy()}>Copy diagnostics</button>
          <button onClick={() => void request('app:openFolder', { which: 'logs' })}>Open log folder</button>
          {update && <UpdateControls />}
        </div>
      </div>
    </section>
  );
}

function UpdateControls() {
  const update = useApp((s) => s.update)!;
  const request = useApp((s) => s.request);
  const said: Record<string, string> = {
    idle: '', checking: 'Checking…', 'up-to-date': 'Up to date',
    available: update.state === 'available' ? `Version ${update.version} is available` : '',
    downloading: update.state === 'downloading' ? `Downloading ${update.version}… ${update.percent}%` : '',
    ready: update.state === 'ready' ? `Version ${update.version} installs when you quit` : '',
    error: update.state === 'error' ? `Update check failed: ${update.message}` : '',
  };
  return (
    <span className="update" role="status">
      {said[update.state]}{' '}
      {update.state === 'available' ? (
        <button onClick={() => void request('update:download', {})}>Download</button>
      ) : update.state === 'ready' ? (
        <button onClick={() => void request('update:restart', {})}>Restart now</button>
      ) : update.state !== 'checking' && update.state !== 'downloading' ? (
        <button onClick={() => void request('update:check', {})}>Check for updates</button>
      ) : null}
    </span>
  );
}
