import { z } from 'zod';
import { t } from '../../common/i18n/i18n';
import { PHONE_STATUSES } from '../../common/phone';

export const PROTOCOL = 'phonedeck';

/** What a phonedeck:// link asks for, once checked like any other input from outside. */
export type DeepLink =
  | { kind: 'open'; key: string }
  | {
      kind: 'filter';
      query: { text?: string; statuses?: string[]; groups?: string[]; tags?: string[]; accountId?: string };
    };

const segment = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.-]+$/, 'letters, digits, _ . or -');
const FilterSchema = z
  .object({
    q: z.string().max(200).optional(),
    status: z.array(z.enum(PHONE_STATUSES)).max(PHONE_STATUSES.length).optional(),
    group: z.array(z.string().max(200)).max(50).optional(),
    tag: z.array(z.string().max(200)).max(50).optional(),
    account: z.string().max(200).optional(),
  })
  .strict();

/**
 * `phonedeck://open/<account>/<phone>` or `phonedeck://filter?status=running&tag=vip&q=ava`. Anything else —
 * another scheme, a host we do not know, extra path parts, unknown or repeated-where-single parameters — is
 * refused with a reason, never half-applied.
 */
export function parseDeepLink(raw: string): { ok: true; link: DeepLink } | { ok: false; reason: string } {
  if (raw.length > 2_000) return { ok: false, reason: t('link.tooLong') };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: t('link.notALink') };
  }
  if (url.protocol !== `${PROTOCOL}:`) return { ok: false, reason: t('link.otherScheme', { protocol: PROTOCOL }) };
  const parts = decodedParts(url.pathname);
  if (!parts) return { ok: false, reason: t('link.badEscape') };
  if (url.hostname === 'open') {
    if (parts.length !== 2) return { ok: false, reason: t('link.openParts') };
    const account = segment.safeParse(parts[0]);
    const phone = segment.safeParse(parts[1]);
    if (!account.success || !phone.success) return { ok: false, reason: t('link.segment') };
    return { ok: true, link: { kind: 'open', key: `${account.data}/${phone.data}` } };
  }
  if (url.hostname === 'filter') {
    if (parts.length) return { ok: false, reason: t('link.filterParams') };
    const params: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      // A value that is one thing (the search text, the account) given twice is ambiguous: refused, not joined.
      if ((key === 'q' || key === 'account') && url.searchParams.getAll(key).length > 1)
        return { ok: false, reason: t('link.repeated', { name: key }) };
      const all = url.searchParams
        .getAll(key)
        .flatMap((v) => v.split(','))
        .filter(Boolean);
      params[key] = key === 'q' || key === 'account' ? all.join(',') : all;
    }
    const r = FilterSchema.safeParse(params);
    if (!r.success)
      return { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    const f = r.data;
    return {
      ok: true,
      link: {
        kind: 'filter',
        query: {
          ...(f.q ? { text: f.q } : {}),
          ...(f.status ? { statuses: f.status } : {}),
          ...(f.group ? { groups: f.group } : {}),
          ...(f.tag ? { tags: f.tag } : {}),
          ...(f.account ? { accountId: f.account } : {}),
        },
      },
    };
  }
  return { ok: false, reason: t('link.unknown', { host: url.hostname }) };
}

/** The path's parts, %-decoded; null when an escape is malformed (`%E0%A4%A`), which decodeURIComponent throws on. */
function decodedParts(pathname: string): string[] | null {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}

/** The link a second launch (or the first, on Windows and Linux) was given on its command line. */
export function linkInArgv(argv: readonly string[]): string | null {
  return argv.find((a) => a.startsWith(`${PROTOCOL}://`)) ?? null;
}

export interface DeepLinkDeps {
  showWindow(): void;
  /** Whether the phone runs now (a link may open it); undefined when it is not in the list. */
  isRunning(key: string): boolean | undefined;
  open(keys: string[]): Promise<{ ok: boolean; name: string; message: string }[]>;
  /** A stopped phone: the window shows the start plan and starts and opens it only on the person's yes. */
  askToStartAndOpen(key: string): void;
  applyFilter(query: Extract<DeepLink, { kind: 'filter' }>['query']): void;
  notice(level: 'warning' | 'error', message: string): void;
}

/**
 * Acts on a link: shows the window, then applies the filter, or opens a running phone. A link never starts,
 * stops or deletes on its own: a phone that is not running is put to the person as a plan in the window.
 */
export async function handleDeepLink(raw: string, d: DeepLinkDeps): Promise<void> {
  const parsed = parseDeepLink(raw);
  d.showWindow();
  if (!parsed.ok) return d.notice('warning', t('notify.linkIgnored', { reason: parsed.reason }));
  if (parsed.link.kind === 'filter') return d.applyFilter(parsed.link.query);
  const key = parsed.link.key;
  if (d.isRunning(key) === false) return d.askToStartAndOpen(key);
  const [r] = await d.open([key]);
  if (r && !r.ok) d.notice('error', t('notify.linkOpenFailed', { name: r.name, message: r.message }));
}
