import type { FileActions } from '../files/file-actions';
import type { AccountService, DemoCredentials } from '../accounts/accounts';
import type { Encryptor } from '../accounts/secret-vault';
import type { Fleet } from '../fleet/fleet';
import type { PollerTimings } from '../fleet/poller';
import type { EventHub } from '../kernel/events';
import type { Ledger } from '../ledger/ledger';
import type { Clock } from '../kernel/clock';
import type { Logger, LogSink, SecretRegistry } from '../kernel/redact';
import type { FetchLike } from '../providers/plumbing/http';
import type { SessionManager, WindowFactory } from '../sessions/sessions';
import type { SettingsRepo, SettingsStore } from '../settings/settings';
import type { TeamDesk } from '../team/team-desk';
import type { LoginItem } from '../shell/login-item';
import type { Updater } from '../updates/update-service';

/** The ports the core is composed from: Electron adapters in the app, plain ones in tests, hosts and benchmarks. */
export interface AppCoreDeps {
  settingsStore: SettingsStore;
  encryptor: Encryptor;
  fetch: FetchLike;
  clock: Clock;
  logSink: LogSink;
  demo: DemoCredentials;
  windowFactory: WindowFactory;
  pollerTimings?: PollerTimings;
  stopWaitMs?: number;
  huaweiJobPollMs?: number;
  /** Overall deadline of a connection test (default 10 s). */
  connectionTestMs?: number;
  /** The activity ledger's database file (default: a fresh temporary folder, for tests and hosts). */
  ledgerFile?: string;
  /**
   * Shows a desktop notification (Electron); the in-app notice is sent either way. `actions` are offered as
   * buttons where the OS supports them (macOS); clicking the notification shows the window.
   */
  notify?: (title: string, body: string, actions?: { label: string; run: () => void }[]) => void;
  /** How long a person's action keeps policies off a phone (default 5 min). */
  autopilotGraceMs?: number;
  /** Version and folders for About (Electron's app version and paths; defaults for tests and hosts). */
  about?: { version: string; dataFolder: string; logFolder: string; versions?: Record<string, string> };
  /** electron-updater's updater in the packaged app; no update checks without it. */
  updater?: Updater;
  /** The OS file dialog for an install or a push from the window (Electron's dialog); the path, or null if cancelled. */
  chooseFile?: (kind: 'app' | 'file', title: string) => Promise<string | null>;
  /** Opens a folder in the OS file manager (Electron's shell.openPath). */
  openPath?: (path: string) => Promise<string>;
  /** Starting with the OS session (Electron's login items, or XDG autostart on Linux); absent where there is none. */
  loginItem?: LoginItem;
  /** Where the CLI/MCP control socket and its token file go; no control plane without it. */
  control?: { socket: string; socketDir: string; tokenFile: string; approvalTimeoutMs?: number };
  /** The OS's preferred languages, best first (Electron's app.getPreferredSystemLanguages()); default English. */
  systemLanguages?: () => readonly string[];
  /** Team mode's pace (tests make it quick): reconnect, how long a job is waited for, lease checks. */
  team?: { retryMs?: number; jobWaitMs?: number; checkMs?: number };
  /** The screenshot cache's cap and freshness (tests make them small). */
  screens?: { capBytes?: number; minAgeMs?: number };
}

/** What the composition root has built so far; each wiring step is handed the part of it that it uses. */
export interface Composed {
  settings: SettingsRepo;
  log: Logger;
  secrets: SecretRegistry;
  events: EventHub;
  accounts: AccountService;
  fleet: Fleet;
  sessions: SessionManager;
  ledger: Ledger;
  team: TeamDesk;
  /** Files and apps onto phones, run as jobs (the consent gate runs their plans). */
  files: FileActions;
  /** Notices shown once the window has loaded (a temporary record, a control socket that is down). */
  startupNotices: string[];
}
