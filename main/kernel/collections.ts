/** Appends `value` to the list under `key` (the lists are built in place, so grouping 10,000 ids stays linear). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
