/**
 * A phone as a person must read it when deciding: its name, and, when another phone anywhere in the list
 * has the same name, its account too ("Ava-0015 (Team B)"), so a delete or an approval never names two
 * phones the same way.
 */
export function qualifiedNames(
  phones: readonly { name: string; accountId: string }[],
  everyPhone: Iterable<{ name: string; accountId: string }>,
  accountLabel: (accountId: string) => string,
): string[] {
  const accountsByName = new Map<string, Set<string>>();
  for (const p of everyPhone) {
    const set = accountsByName.get(p.name) ?? new Set<string>();
    set.add(p.accountId);
    accountsByName.set(p.name, set);
  }
  return phones.map((p) =>
    (accountsByName.get(p.name)?.size ?? 0) > 1 ? `${p.name} (${accountLabel(p.accountId)})` : p.name,
  );
}
