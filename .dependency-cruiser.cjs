/**
 * The layer rules of docs/architecture.md, checked on every test run (`npm run lint`). Layers, bottom up:
 * common/ (shared with the window) → main/kernel → main/providers and main/platform (window-safety policies
 * every window shares) → feature folders → main/app (the composition root) → main/index.ts (the Electron entry). A rule names what may not be imported; a
 * violation fails the build. test/main/boundaries.test.ts plants one violation of each rule and checks it
 * is caught.
 */
const FEATURES =
  'settings|accounts|fleet|sessions|ledger|autopilot|consent|control|team|screens|files|updates|tray|shell';
const SHIPPED = '^(main|common|renderer|preload|cli)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only ones included: every part can be understood (and tested) from below.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-imports-only-common',
      severity: 'error',
      comment: 'The kernel (clock, errors, events, redaction, collections, dispatch) is the bottom of main.',
      from: { path: '^main/kernel/' },
      to: { pathNot: ['^main/kernel/', '^common/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'providers-import-only-kernel',
      severity: 'error',
      comment:
        'Providers and their plumbing know the kernel and the shared model, never a feature, the app or a simulator.',
      from: { path: '^main/providers/' },
      to: { path: '^main/', pathNot: ['^main/providers/', '^main/kernel/'] },
    },
    {
      name: 'platform-imports-only-kernel',
      severity: 'error',
      comment:
        'Window-safety policies shared by every window (origin confinement, viewer URLs) sit below the features.',
      from: { path: '^main/platform/' },
      to: { path: '^main/', pathNot: ['^main/platform/', '^main/kernel/'] },
    },
    {
      name: 'features-never-import-each-other',
      severity: 'error',
      comment:
        'A feature gets what it needs of another from the composition root (main/app), as an instance typed by a narrow ' +
        'interface the feature declares itself (AccountSettings, SessionFleet…): not even a type is imported across.',
      from: { path: `^main/(${FEATURES})/` },
      to: { path: `^main/(${FEATURES})/`, pathNot: '^main/$1/' },
    },
    {
      name: 'features-sit-below-app',
      severity: 'error',
      comment: 'Features, providers and the kernel never reach up into the composition root.',
      from: { path: `^main/(${FEATURES}|kernel|providers|platform|sim)/` },
      to: { path: '^main/app/' },
    },
    {
      name: 'only-the-entry-imports-app',
      severity: 'error',
      comment:
        'main/app is composed by the entry (and by tests, benchmarks and the browser test host, which are not shipped).',
      from: { path: SHIPPED, pathNot: ['^main/index\\.ts$', '^main/app/'] },
      to: { path: '^main/app/' },
    },
    {
      name: 'only-app-imports-simulators',
      severity: 'error',
      comment: 'The simulators are for the demo workspace (wired by main/app), tests and benchmarks.',
      from: { path: SHIPPED, pathNot: ['^main/app/', '^main/sim/'] },
      to: { path: '^main/sim/' },
    },
    {
      name: 'electron-only-in-adapters',
      severity: 'error',
      comment:
        'Electron is loaded by the entry and by adapters named electron-*.ts; everything else runs under plain Node.',
      from: { path: '^main/', pathNot: ['^main/index\\.ts$', '(^|/)electron-[^/]+\\.ts$'] },
      to: { path: '^node_modules/electron(-store|-updater)?/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'common-is-shared-and-plain',
      severity: 'error',
      comment: 'common/ is loaded by main, preload and the window: it imports nothing of theirs, nor Node or Electron.',
      from: { path: '^common/' },
      to: { path: ['^(main|renderer|preload|cli)/', '^node_modules/electron/'] },
    },
    {
      name: 'renderer-takes-only-types-from-the-contract',
      severity: 'error',
      comment:
        'The window never loads zod (main validates; the bundle stays small for the first paint): contract types only.',
      from: { path: '^renderer/' },
      to: { path: ['^common/contract/', '^node_modules/zod/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-knows-nothing-of-main',
      severity: 'error',
      comment: 'The window talks to main only through the Bridge: no main code, no Node, no Electron.',
      from: { path: '^renderer/' },
      to: { path: ['^main/', '^preload/', '^node_modules/electron/'] },
    },
    {
      name: 'renderer-lib-is-plain',
      severity: 'error',
      comment: 'renderer/src/lib (formatting, the phone query, CSV, eligibility) knows no state, UI or feature.',
      from: { path: '^renderer/src/lib/' },
      to: { path: '^renderer/src/(state|ui|features|bridge)/' },
    },
    {
      name: 'renderer-state-below-views',
      severity: 'error',
      comment: 'The store (one file per domain) is fed by the Bridge and read by views; it never imports a view.',
      from: { path: '^renderer/src/state/' },
      to: { path: '^renderer/src/(ui|features|bridge)/' },
    },
    {
      name: 'renderer-shared-ui-below-features',
      severity: 'error',
      comment: 'Shared UI parts (dialogs, badges, notices) serve every feature and import none.',
      from: { path: '^renderer/src/ui/' },
      to: { path: '^renderer/src/features/' },
    },
    {
      name: 'renderer-features-never-import-each-other',
      severity: 'error',
      comment: 'A feature folder holds its views; what two features share lives in ui/, lib/ or state/.',
      from: { path: '^renderer/src/features/([^/]+)/' },
      to: { path: '^renderer/src/features/', pathNot: '^renderer/src/features/$1/' },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'preload-exposes-only-the-contract',
      severity: 'error',
      comment:
        'The sandboxed preload bundles the zod-free channel names and the contract types, nothing else of the app.',
      from: { path: '^preload/' },
      to: { path: ['^main/', '^renderer/', '^node_modules/zod/'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|test-output)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: {
      dot: {
        collapsePattern: '^(main/[^/]+|common/[^/]+|renderer/src/[^/]+|preload|cli)/',
      },
    },
  },
};
