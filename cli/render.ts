import type { ControlActOutcome, ControlJob, ControlPhone } from '../common/control';
import { EXIT } from './help';

type Shown = { text: string; exit: number };

/** How list and status print: a table, JSON, one JSON object per line, or just the keys. */
export interface OutputFormat {
  output: 'table' | 'json' | 'ndjson' | 'name';
  fields?: string[];
  noHeaders: boolean;
}

/** One phone's result: ✓ or ✗, its name, the provider's words and, on failure, its code. */
const resultLine = (r: { ok: boolean; name: string; message: string; code: string }) =>
  `${r.ok ? '✓' : '✗'} ${r.name}  ${r.message}${r.ok ? '' : ` (${r.code})`}`;

const DEFAULT_FIELDS = ['name', 'status', 'account', 'group', 'key'];

/** Phones as the format asks: only the chosen fields, in their order. */
function phonesAs(phones: ControlPhone[], f: OutputFormat | undefined): string {
  const fields = f?.fields ?? DEFAULT_FIELDS;
  const pick = (p: ControlPhone) =>
    Object.fromEntries(fields.map((k) => [k, (p as unknown as Record<string, unknown>)[k]]));
  if (f?.output === 'name') return phones.map((p) => p.key).join('\n');
  if (f?.output === 'ndjson') return phones.map((p) => JSON.stringify(pick(p))).join('\n');
  if (!phones.length) return 'No phones match.';
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v ?? ''));
  const rows = phones.map((p) => fields.map((k) => cell((p as unknown as Record<string, unknown>)[k])));
  return table(f?.noHeaders ? rows : [fields.map((k) => k.toUpperCase()), ...rows]);
}

/** How each command's answer reads in a terminal (scripts use --json). */

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function render(command: string, value: unknown, format?: OutputFormat): Shown {
  if (command === 'list' || command === 'status') {
    const phones = Array.isArray(value) ? (value as ControlPhone[]) : (value as { phones: ControlPhone[] }).phones;
    // A name that matched nothing is its own row ("not found"): the others are shown, and the exit says so.
    const missing = phones.some((p) => p.status === 'not found');
    return { text: phonesAs(phones, format), exit: missing ? EXIT.notFound : EXIT.ok };
  }
  if (command === 'open') {
    const r = value as { ok: boolean; name: string; message: string; code: string };
    return {
      text: resultLine(r),
      exit: r.ok ? EXIT.ok : EXIT.someFailed,
    };
  }
  if (command === 'job' || command === 'job wait') return renderJob(value as ControlJob, command === 'job wait');
  if (command === 'push' || command === 'app') {
    const { results } = value as { results: { ok: boolean; name: string; message: string; code: string }[] };
    const failed = results.filter((r) => !r.ok).length;
    const done = command === 'push' ? 'have the file' : 'are done';
    const summary = `${results.length - failed} of ${results.length} phones ${done}${failed ? `; ${failed} failed` : ''}`;
    return { text: [...results.map(resultLine), summary].join('\n'), exit: failed ? EXIT.someFailed : EXIT.ok };
  }

  if (command === 'activity') {
    const jobs = value as {
      at: number;
      source: string;
      action: string;
      total: number;
      succeeded: number;
      failed: number;
    }[];
    return {
      text: jobs.length
        ? table([
            ['WHEN', 'SOURCE', 'ACTION', 'PHONES', 'OK', 'FAILED'],
            ...jobs.map((j) => [
              new Date(j.at).toLocaleString(),
              j.source,
              j.action,
              String(j.total),
              String(j.succeeded),
              String(j.failed),
            ]),
          ])
        : 'Nothing in this period.',
      exit: EXIT.ok,
    };
  }
  if (command === 'accounts') {
    const accs = value as {
      id: string;
      label: string;
      provider: string;
      health: string;
      message: string;
      lockedUntil: number | null;
    }[];
    return {
      text: table([
        ['ACCOUNT', 'PROVIDER', 'HEALTH', 'ID'],
        ...accs.map((a) => [
          a.label,
          a.provider,
          a.lockedUntil ? `locked until ${new Date(a.lockedUntil).toLocaleTimeString()}` : a.health,
          a.id,
        ]),
      ]),
      exit: EXIT.ok,
    };
  }
  return renderAct(value as ControlActOutcome);
}

/** An action's outcome: the plan for a dry run, else one line per phone, what was left out, and the totals. */
function renderAct(o: ControlActOutcome): Shown {
  const unknown = (o.notFound ?? []).map((n) => `✗ ${n}  No phone is called or numbered "${n}" (NOT_FOUND)`);
  const shown = renderActed(o);
  if (!unknown.length) return shown;
  return { text: [...unknown, shown.text].join('\n'), exit: shown.exit === EXIT.ok ? EXIT.notFound : shown.exit };
}

function renderActed(o: ControlActOutcome): Shown {
  if (!o.dryRun && o.jobId && !o.results.length)
    return {
      text: `Started: ${o.action} ${o.phones.length} phone(s) [job ${o.jobId}]; follow it with: phonedeck job wait ${o.jobId}`,
      exit: EXIT.ok,
    };
  if (o.dryRun)
    return {
      text: [
        `Would ${o.action} ${o.phones.length} phone(s):`,
        ...o.phones.map((p) => `  ${p.name}  (${p.status}, ${p.account})`),
        ...planLines(o),
      ].join('\n'),
      exit: EXIT.ok,
    };
  if (!o.results.length) return { text: ['Nothing to do.', ...planLines(o)].join('\n'), exit: EXIT.ok };
  const failed = o.results.filter((r) => !r.ok);
  const lines = o.results.map(resultLine);
  lines.push(...planLines(o).filter((l) => !l.startsWith('Asks')));
  lines.push(
    `${o.action}: ${o.results.length - failed.length} done, ${failed.length} failed${o.approvedBy === 'person' ? ' (approved in the app)' : ''}${o.rateLimitWaitS ? `; paced by the rate limiter for ${o.rateLimitWaitS} s` : ''}${o.jobId ? ` [job ${o.jobId}]` : ''}`,
  );
  if (o.waited) {
    // Each phone's final confirmed state: a timeout is reported as one, never as success.
    for (const p of o.waited.phones.filter((x) => !x.reached))
      lines.push(`… ${p.name} is ${p.status}, not ${o.waited.target}`);
    if (o.waited.timedOut)
      lines.push(`Timed out: ${o.waited.phones.filter((x) => !x.reached).length} phone(s) not ${o.waited.target}`);
  }
  const exit = failed.length ? EXIT.someFailed : o.waited?.timedOut ? EXIT.timedOut : EXIT.ok;
  return { text: lines.join('\n'), exit };
}

/** A job: its phase and counts, one line per phone; `job wait` that ran out is exit 5. */
function renderJob(j: ControlJob, waited: boolean): Shown {
  const failed = j.results.filter((r) => !r.ok);
  const lines = [
    `${j.job.jobId}  ${j.job.action} from ${j.job.source}: ${j.done ? 'done' : j.job.phase}, ${j.job.done} of ${j.job.total} answered`,
    ...j.results.map(resultLine),
  ];
  return {
    text: lines.join('\n'),
    exit: waited && !j.done ? EXIT.timedOut : failed.length ? EXIT.someFailed : EXIT.ok,
  };
}
/** What the plan left out and why, what it adds per hour, and why a person must approve. */
function planLines(o: ControlActOutcome): string[] {
  const p = o.plan;
  const lines: string[] = [];
  if (p.skipped.length) lines.push(`Left out: ${p.skipped.map((s) => `${s.n} ${s.words}`).join(', ')}`);
  if (p.keptLeftOut) lines.push(`  (add --include-kept to act on the ${p.keptLeftOut} marked to keep too)`);
  if (p.addedPerHour.length) lines.push(`Adds about ${p.addedPerHour.join(' + ')} per hour`);
  if (p.approval.required) lines.push(`Asks first in the app: ${p.approval.why.join('; ')}`);
  return lines;
}
