import type { ActionSource } from './activity';
import type { JobAction } from './phone';
import type { PolicyScope } from './policy';

/**
 * One consent model for every door (window, tray, policy, link, CLI, MCP): a plan says, phone by phone,
 * what an action would do, and whether a person must confirm it and why. Doors execute only plans, so a
 * dry run is the plan itself.
 */

/** Why a phone is left out of a plan. */
export const SKIP_REASONS = [
  'notListed',
  'accountDown',
  'notOffered',
  /** Files and apps: the provider takes them from elsewhere (CPH from OBS; GeeLark files and web addresses). */
  'otherWay',
  'alreadyThere',
  'notRunning',
  'mustStopFirst',
  'expired',
  'kept',
  'heldByViewer',
  'outOfScope',
  'busy',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Why a person must confirm. */
export type ConfirmWhy =
  | { kind: 'alwaysAsks' }
  /** More phones than the rule allows in its window, counting what this door already did in it. */
  | { kind: 'overCount'; phones: number; recent: number; limit: number; minutes: number }
  | { kind: 'overCost'; amount: number; currency: string; limit: number }
  | { kind: 'link' }
  | { kind: 'keptIncluded'; n: number }
  /** A policy acting on more phones than the rule allows, and not set to act alone. */
  | { kind: 'policyOverCount'; phones: number; limit: number }
  /** In a team: someone else holds one of these phones (a viewer open); the first is named, `n` in all. */
  | { kind: 'heldByOther'; who: string; name: string; since: number; n: number };

/** Why a phone is marked to keep: starred, marked "keep running", tagged, or a remark/tag such as "do not delete". */
export type KeptWhy = 'favorite' | 'keepRunning' | 'tag' | 'words';

export interface PlanEntry {
  key: string;
  /** With its account when another phone shares the name. */
  name: string;
  accountId: string;
  act: boolean;
  reason?: SkipReason;
  kept?: KeptWhy;
}

export interface ConsentPlan {
  id: string;
  source: ActionSource;
  action: JobAction;
  /** For files and apps: what is put on or taken off the phones (a file's name, an OBS path, a package). */
  subject?: string;
  /** When it was made (epoch ms). */
  at: number;
  /** Every phone asked about, in the order asked, acted on or not. */
  entries: PlanEntry[];
  /** The keys acted on. */
  act: string[];
  /** How many phones are skipped, per reason. */
  skipped: Partial<Record<SkipReason, number>>;
  /**
   * The marked-to-keep phones this action would otherwise touch: left out (an "also include these N"
   * choice), or acted on when includeKept.
   */
  kept: string[];
  includeKept: boolean;
  /** For starts: the estimated cost added per hour, per currency; phones without a price are counted apart. */
  addedPerHour: { amount: number; currency: string }[];
  unpriced: number;
  confirm: { required: boolean; why: ConfirmWhy[] };
}

/** What a plan is asked for: who asks, what, and for which phones. */
export interface PlanRequest<S extends ActionSource = ActionSource> {
  source: S;
  action: JobAction;
  /** For files and apps: what the plan is about, as the person gave it (shown, never acted on from here). */
  subject?: string;
  keys: readonly string[];
  /** "Also include these N": marked-to-keep phones are acted on too (and a person must confirm). */
  includeKept?: boolean;
  /** A policy's scope: phones outside it are skipped. */
  scope?: PolicyScope;
  /** A policy a person set to act alone, without asking above the count. */
  actAlone?: boolean;
}

/** The rule table, in Settings (its schema is in consent-rules.ts, so the window never loads zod). */
export interface ConsentRules {
  /** Stop, restart and start ask above this many phones per door within the window. */
  askAbovePhones: number;
  /** Starts ask above this added cost per hour (in each account's currency); null: never for cost. */
  askAboveCostPerHour: number | null;
  /** The sliding window the counts are kept over, in minutes. */
  windowMinutes: number;
}

/** Actions that erase or cannot be undone (an uninstall takes the app's data with it): a person always confirms. */
export const ALWAYS_ASK: ReadonlySet<JobAction> = new Set(['delete', 'reset', 'stopThenDelete', 'uninstall']);
/** Actions that leave marked-to-keep phones out unless included on purpose. */
export const SPARES_KEPT: ReadonlySet<JobAction> = new Set(['delete', 'reset', 'stop', 'stopThenDelete']);

/** Sources that are a person at this desktop (the window and the tray), as opposed to a program or a link. */
export const isPolicySource = (s: string): s is `policy:${string}` => s.startsWith('policy:');
