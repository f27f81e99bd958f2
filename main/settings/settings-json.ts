import { parse as parseJsonc, type ParseError } from 'jsonc-parser';

/**
 * How deep a value the settings carry for a newer version may nest. Far deeper than any real setting;
 * what is deeper (a hand edit gone wrong, a hostile file) would make every later save overflow the stack.
 */
export const MAX_CARRIED_DEPTH = 32;

/**
 * The settings file's text as a value. Strict JSON first; then, leniently, what people and editors leave
 * in a JSON file they touched by hand: a byte-order mark, comments, trailing commas. `strict` says
 * whether the text was plain JSON (when not, the caller keeps the original aside and rewrites it plain).
 */
export function parseSettingsText(text: string): { value: unknown; strict: boolean } {
  const bare = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(bare), strict: bare === text };
  } catch {
    /* not strict JSON: try the lenient reading */
  }
  const errors: ParseError[] = [];
  try {
    const value: unknown = parseJsonc(bare, errors, { allowTrailingComma: true, disallowComments: false });
    return errors.length ? { value: undefined, strict: false } : { value, strict: false };
  } catch {
    return { value: undefined, strict: false };
  }
}

/** Whether a value nests deeper than `max` (measured without recursion, so no depth can overflow it). */
export function nestsDeeperThan(value: unknown, max = MAX_CARRIED_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
