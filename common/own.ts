/**
 * Keyed data (policy ids, account ids) read from files and settings can be any string, including the
 * names objects inherit: "__proto__", "constructor", "toString". Such a name is refused as an id, and a
 * lookup only ever sees what was really stored under that key, never what every object inherits.
 */
export const isBuiltInName = (key: string): boolean => key in Object.prototype;

/** The value stored under `key` in `record` itself, or undefined. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
