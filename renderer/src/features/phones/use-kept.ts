import { useMemo } from 'react';
import { keptWhy } from '../../../../common/keep';
import { nameQualifier } from '../../../../common/qualified-names';
import type { Phone } from '../../../../common/phone';
import { useApp } from '../../state/context';

/** The phones marked to keep among `phones` (with names as decisions show them), and the rest. */
export function useKept(phones: readonly Phone[], favorites: ReadonlySet<string>) {
  const keepRunning = useApp((s) => s.autopilot?.keepRunning);
  const all = useApp((s) => s.phones);
  const accounts = useApp((s) => s.accounts);
  return useMemo(() => {
    const marks = new Set(keepRunning ?? []);
    const kept = phones.filter((p) => keptWhy(p, favorites, marks));
    const keptSet = new Set(kept.map((p) => p.key));
    const qualify = nameQualifier(all.values(), (id) => accounts.find((a) => a.id === id)?.label ?? id);
    return { kept, keptNames: kept.map(qualify), rest: phones.filter((p) => !keptSet.has(p.key)) };
  }, [phones, favorites, keepRunning, all, accounts]);
}
