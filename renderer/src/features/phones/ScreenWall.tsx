import { useEffect, useMemo, useRef, useState } from 'react';
import type { Phone } from '../../../../common/phone';
import type { ScreenTile } from '../../../../common/contract';
import { formatAgo, formatCount } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { useApp, useI18n } from '../../state/context';

/** Tiles drawn at once; more come on request, so 10,000 running phones never become 10,000 images. */
const PAGE = 200;
/** How often the tiles in view ask for fresh screens. */
const EVERY_MS = 20_000;

/**
 * The running phones of the list as a wall of screens. Only the tiles in view, the selection and the flagged
 * phones (those the last action failed on) are refreshed, every 20 s and when the view moves; nothing
 * sweeps the fleet. Each tile shows its age; a
 * tile is selected like a row, so the bulk bar above acts on the wall's choice, and a tile opens its phone.
 */
export function ScreenWall({ rows }: { rows: Phone[] }) {
  const running = useMemo(() => rows.filter((p) => p.status === 'running'), [rows]);
  const [shown, setShown] = useState(PAGE);
  const ref = useRef<HTMLDivElement>(null);
  // The tiles drawn now, as one string: a new set of tiles (another filter, same count) is observed anew.
  const drawn = useMemo(
    () =>
      running
        .slice(0, shown)
        .map((p) => p.key)
        .join('\n'),
    [running, shown],
  );
  const visible = useVisibleTiles(ref, drawn);
  const selection = useApp((s) => s.selection);
  const refreshScreens = useApp((s) => s.refreshScreens);
  const watchTiles = useApp((s) => s.watchTiles);
  const { t } = useI18n();
  const selectedRunning = useMemo(
    () => running.filter((p) => selection.has(p.key)).map((p) => p.key),
    [running, selection],
  );
  // Flagged: the phones the last action failed on, whose screens say what went wrong, wherever they are.
  const lastFailed = useApp((s) => s.lastFailed);
  const flagged = useMemo(() => running.filter((p) => lastFailed.has(p.key)).map((p) => p.key), [running, lastFailed]);
  const asked = useMemo(
    () => [...new Set([...visible, ...selectedRunning, ...flagged])],
    [visible, selectedRunning, flagged],
  );
  useEffect(() => watchTiles(asked), [asked, watchTiles]);
  useEffect(() => {
    // A moment after the view settles, then every 20 s while it stays.
    const soon = setTimeout(() => void refreshScreens(asked), 400);
    const timer = setInterval(() => void refreshScreens(asked), EVERY_MS);
    return () => {
      clearTimeout(soon);
      clearInterval(timer);
    };
  }, [asked, refreshScreens]);
  return (
    <div className="wall" ref={ref} data-testid="wall">
      <p className="muted wall-intro">
        {t('wall.intro', { n: formatCount(running.length), shown: formatCount(Math.min(shown, running.length)) })}{' '}
        <button className="small" onClick={() => void refreshScreens(asked)}>
          {t('wall.refreshNow')}
        </button>
      </p>
      {running.length === 0 ? (
        <div className="empty">{t('wall.empty')}</div>
      ) : (
        <ul className="wall-grid" aria-label={t('wall.label')}>
          {running.slice(0, shown).map((p) => (
            <Tile key={p.key} phone={p} />
          ))}
        </ul>
      )}
      {running.length > shown && (
        <button onClick={() => setShown((n) => n + PAGE)}>
          {t('wall.more', { n: formatCount(Math.min(PAGE, running.length - shown)) })}
        </button>
      )}
    </div>
  );
}

/** The keys of the tiles on screen now, as the wall scrolls (an IntersectionObserver, no polling). */
function useVisibleTiles(ref: React.RefObject<HTMLDivElement | null>, drawn: string): string[] {
  const [keys, setKeys] = useState<string[]>([]);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const inView = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const io = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const key = (e.target as HTMLElement).dataset.key!;
        if (e.isIntersecting) inView.add(key);
        else inView.delete(key);
      }
      timer ??= setTimeout(() => {
        timer = null;
        setKeys([...inView].sort());
      }, 150);
    });
    for (const el of root.querySelectorAll<HTMLElement>('[data-key]')) io.observe(el);
    return () => {
      io.disconnect();
      if (timer) clearTimeout(timer);
    };
  }, [ref, drawn]);
  return keys;
}

function Tile({ phone: p }: { phone: Phone }) {
  const tile = useApp((s) => s.tiles.get(p.key));
  const selected = useApp((s) => s.selection.has(p.key));
  const flagged = useApp((s) => s.lastFailed.has(p.key));
  const select = useApp((s) => s.select);
  const openSessions = useApp((s) => s.openSessions);
  const { t } = useI18n();
  return (
    <li className={`tile${selected ? ' on' : ''}`} data-key={p.key} data-testid="tile">
      <label className="tile-check">
        <input
          type="checkbox"
          checked={selected}
          onChange={() => select([p.key], 'toggle')}
          aria-label={t('wall.select', { name: p.name })}
        />
        <strong>{p.name}</strong>
      </label>
      {flagged && (
        <span className="tile-flag" data-testid="tile-flag">
          {t('wall.flagged')}
        </span>
      )}
      <Screen tile={tile} phone={p} />
      <button
        className="small"
        onClick={() => void openSessions([p.key])}
        aria-label={t('wall.openLabel', { name: p.name })}
      >
        {t('wall.open')}
      </button>
    </li>
  );
}

function Screen({ tile, phone }: { tile: ScreenTile | undefined; phone: Phone }) {
  const now = useNow(5_000);
  const { t } = useI18n();
  if (tile && !tile.supported) return <div className="tile-screen tile-none">{tile.unsupported}</div>;
  return (
    <>
      <div className="tile-screen">
        {tile?.image ? (
          <img src={tile.image} alt={t('wall.alt', { name: phone.name })} />
        ) : (
          <span className="muted">{tile?.pending ? t('wall.taking') : t('wall.noScreenYet')}</span>
        )}
      </div>
      <div className="small-text muted" data-testid="tile-age">
        {tile?.takenAt ? t('wall.age', { when: formatAgo(now - tile.takenAt) }) : '\u00a0'}
        {tile?.pending && tile.takenAt ? ` · ${t('wall.taking')}` : ''}
      </div>
      {tile?.error && <div className="small-text fail-text">{tile.error.message}</div>}
    </>
  );
}
