interface Named {
  name: string;
  accountId: string;
}

/**
 * How a person must read a phone when deciding: its name, and, when another phone anywhere in the list
 * has the same name, its account too ("Ava-0015 (Team B)"), so a delete or an approval never names two
 * phones the same way. The whole list is read once; the answer then names any number of phones.
 */
export function nameQualifier(
  everyPhone: Iterable<Named>,
  accountLabel: (accountId: string) => string,
): (phone: Named) => string {
  const accountsByName = new Map<string, Set<string>>();
  for (const p of everyPhone) {
    const set = accountsByName.get(p.name) ?? new Set<string>();
    set.add(p.accountId);
    accountsByName.set(p.name, set);
  }
  return (p) => ((accountsByName.get(p.name)?.size ?? 0) > 1 ? `${p.name} (${accountLabel(p.accountId)})` : p.name);
}

/** `phones` named as {@link nameQualifier} names them against `everyPhone`. */
export function qualifiedNames(
  phones: readonly Named[],
  everyPhone: Iterable<Named>,
  accountLabel: (accountId: string) => string,
): string[] {
  return phones.map(nameQualifier(everyPhone, accountLabel));
}
