import { memo, useMemo, useState } from 'react';
import type { Phone } from '../../../../common/phone';
import { formatCount } from '../../lib/format';
import { useApp, useI18n } from '../../state/context';
import { eligibleFor, label, type UiAction } from '../../lib/eligibility';
import { ConfirmDelete } from './ConfirmDelete';
import { ConfirmDialog } from '../../ui/Dialog';
import { NamedPhones } from '../../ui/NamedPhones';
import { KeptApart } from '../../ui/KeptApart';
import { useKept } from './use-kept';
import { FilesMenu } from './FilesDialog';

const ACTIONS: UiAction[] = ['start', 'stop', 'restart', 'reset', 'open', 'delete'];

/**
 * Actions for the selection. Each button acts only on the phones it applies to and says why when it
 * cannot. A selection the filters partly hide says so, with a way to see those phones.
 */
export const BulkBar = memo(function BulkBar({
  selected,
  matching,
  shownKeys,
}: {
  selected: Phone[];
  matching: Phone[];
  shownKeys: ReadonlySet<string>;
}) {
  const accounts = useApp((s) => s.accounts);
  const runBulk = useApp((s) => s.runBulk);
  const act = useApp((s) => s.act);
  const favorites = useApp((s) => s.settings?.favorites);
  const { t } = useI18n();
  const [confirming, setConfirming] = useState<'delete' | 'reset' | null>(null);
  const hiddenCount = useMemo(() => selected.filter((p) => !shownKeys.has(p.key)).length, [selected, shownKeys]);
  /** Of the phones a dialog is about to act on, how many the filters hide (counted on what it really acts on). */
  const hiddenAmong = (keys: readonly string[]) => keys.filter((k) => !shownKeys.has(k)).length;

  const run = (a: UiAction) => {
    const { keys } = eligibleFor(a, selected, accounts);
    if (a === 'delete' || a === 'reset') setConfirming(a);
    else void act(a, keys);
  };
  const resetKeys = eligibleFor('reset', selected, accounts).keys;
  return (
    <div className="bulkbar" role="toolbar" aria-label={t('bulk.label')}>
      <SelectionLinks selected={selected} matching={matching} hiddenCount={hiddenCount} />
      <ActionButtons selected={selected} onRun={run} />
      <FilesMenu selected={selected} />
      {confirming === 'delete' && (
        <ConfirmDelete
          phones={selected.filter((p) => eligibleFor('delete', [p], accounts).keys.length)}
          hiddenAmong={hiddenAmong}
          favorites={new Set(favorites ?? [])}
          onCancel={() => setConfirming(null)}
          onConfirm={(stopFirst, keys, includeKept) => {
            setConfirming(null);
            // The dialog was the person's yes; main plans again and runs exactly that plan.
            void runBulk(stopFirst ? 'stopThenDelete' : 'delete', keys, undefined, { confirmed: true, includeKept });
          }}
        />
      )}
      {confirming === 'reset' && (
        <ConfirmReset
          selected={selected}
          keys={resetKeys}
          hiddenAmong={hiddenAmong}
          onClose={() => setConfirming(null)}
        />
      )}
    </div>
  );
});

/** How many are selected (and how many of them the filters hide), with show selected, select matching, clear. */
function SelectionLinks(p: { selected: Phone[]; matching: Phone[]; hiddenCount: number }) {
  const { selected, matching, hiddenCount } = p;
  const select = useApp((s) => s.select);
  const clear = useApp((s) => s.clearSelection);
  // Only "show selected" matters here; the bar must not re-render on every keystroke in the search box.
  const selectedOnly = useApp((s) => s.query.selectedOnly);
  const setQuery = useApp((s) => s.setQuery);
  const { t } = useI18n();
  return (
    <>
      <span className="count" data-testid="selected-count">
        {selected.length ? t('bulk.selected', { n: formatCount(selected.length) }) : t('bulk.nothingSelected')}
        {hiddenCount > 0 && <span className="hidden-note">{t('bulk.notShown', { n: formatCount(hiddenCount) })}</span>}
      </span>
      {hiddenCount > 0 && !selectedOnly && (
        <button className="link" onClick={() => setQuery({ selectedOnly: true })} data-testid="show-selected">
          {t('bulk.showSelected')}
        </button>
      )}
      {selectedOnly && (
        <button className="link" onClick={() => setQuery({ selectedOnly: false })}>
          {t('bulk.showAll')}
        </button>
      )}
      {matching.length > selected.length && (
        <button
          className="link"
          onClick={() =>
            select(
              matching.map((p) => p.key),
              'add',
            )
          }
        >
          {t('bulk.selectMatching', { n: formatCount(matching.length) })}
        </button>
      )}
      {selected.length > 0 && (
        <button className="link" onClick={clear}>
          {t('bulk.clear')}
        </button>
      )}
    </>
  );
}

/** One button per action the providers offer, each counting the phones it applies to or saying why not. */
function ActionButtons({ selected, onRun: run }: { selected: Phone[]; onRun(a: UiAction): void }) {
  const accounts = useApp((s) => s.accounts);
  const busy = useApp((s) => s.job?.job.state === 'running');
  const { t } = useI18n();
  // Restart and reset appear only when some account's provider offers them (Huawei CPH does, GeeLark does not).
  const offered = (a: UiAction) => (a !== 'restart' && a !== 'reset') || accounts.some((acc) => acc.capabilities[a]);
  const shownActions = ACTIONS.filter(offered);
  return (
    <>
      {/* The buttons wrap as one group: a narrow window never strands Delete alone on a line. */}
      <span className="actions">
        {shownActions.map((a) => {
          const e = eligibleFor(a, selected, accounts);
          const disabled = busy || e.keys.length === 0;
          // Only when it applies: a plural message costs the first paint its ICU start-up.
          const named = e.keys.length ? t('bulk.actionTitle', { action: label(a), n: e.keys.length }) : '';
          const title = busy ? t('bulk.busy') : e.reason || named;
          return (
            <span key={a} title={title} className="tip">
              <button
                className={`action action-${a}`}
                disabled={disabled}
                onClick={() => run(a)}
                aria-label={e.keys.length ? named : t('bulk.actionDisabled', { action: label(a), why: title })}
                data-reason={title}
              >
                {label(a)}
                {e.keys.length > 0 ? ` ${formatCount(e.keys.length)}` : ''}
              </button>
            </span>
          );
        })}
      </span>
    </>
  );
}

/** Reset erases a phone's apps and data: it names the phones and flags the ones to keep first. */
function ConfirmReset(p: {
  selected: Phone[];
  keys: string[];
  hiddenAmong(keys: readonly string[]): number;
  onClose(): void;
}) {
  const runBulk = useApp((s) => s.runBulk);
  const favorites = useApp((s) => s.settings?.favorites);
  const favoriteSet = useMemo(() => new Set(favorites ?? []), [favorites]);
  const { t } = useI18n();
  // Through a set: a selection can be 10,000 phones.
  const resetSet = new Set(p.keys);
  const eligible = p.selected.filter((x) => resetSet.has(x.key));
  const { kept, keptNames, rest } = useKept(eligible, favoriteSet);
  const [includeKept, setIncludeKept] = useState(false);
  const resetPhones = includeKept ? eligible : rest;
  const resetKeys = resetPhones.map((x) => x.key);
  const hidden = p.hiddenAmong(resetKeys);
  return (
    <ConfirmDialog
      title={t('bulk.resetTitle', { n: resetKeys.length })}
      confirmLabel={t('bulk.resetConfirm', { n: formatCount(resetKeys.length) })}
      danger
      returnFocusTo='[role="grid"]'
      onCancel={p.onClose}
      canConfirm={resetKeys.length > 0}
      onConfirm={() => {
        p.onClose();
        void runBulk('reset', resetKeys, undefined, { confirmed: true, includeKept });
      }}
    >
      <p>{t('bulk.resetBody', { n: resetKeys.length })}</p>
      {resetPhones.some((x) => x.provider === 'geelark') && <p>{t('bulk.resetNewMachine')}</p>}
      <NamedPhones phones={resetPhones} favorites={favoriteSet} label={t('bulk.resetListLabel')} />
      {kept.length > 0 && <KeptApart names={keptNames} include={includeKept} onInclude={setIncludeKept} />}
      {hidden > 0 && <p className="warn">{t('bulk.hiddenAmong', { n: formatCount(hidden) })}</p>}
    </ConfirmDialog>
  );
}
