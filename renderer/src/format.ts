/**
 * Counts with the locale's separators. For US/UK English the grouping is done by hand: the first Intl call
 * loads ICU data, about 70 ms of first paint in Chromium, and "1,234" is what Intl would say anyway.
 */
const HAND_FORMATTED = /^en(-(US|GB|AU|CA|NZ|IE))?$/i;
let numberFormat: Intl.NumberFormat | null | undefined;
export function formatCount(n: number): string {
  if (numberFormat === undefined) {
    const lang = typeof navigator === 'undefined' ? 'en' : navigator.language;
    numberFormat = HAND_FORMATTED.test(lang) ? null : new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  }
  return numberFormat ? numberFormat.format(Math.trunc(n)) : String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:32" in local time. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-11-22 21:40:05" in local time, for tooltips. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Who asked for an action, in words: the window, the tray, a policy, the command line or an AI agent. */
export function describeSource(source: string): string {
  if (source === 'window') return 'Window';
  if (source === 'tray') return 'Tray';
  if (source === 'cli') return 'Command line';
  if (source.startsWith('policy:')) return `Policy “${source.slice(7)}”`;
  if (source.startsWith('mcp:')) return `AI agent “${source.slice(4)}”`;
  return source;
}
