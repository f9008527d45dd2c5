/**
 * The direction of dependencies in tikv-chatops, checked by `npm run lint:deps` (part of `npm test`).
 *
 *   composition roots: main, start-bot, bin/, console/run-demo, run-exec, load-demo, local-safety,
 *   │                  subjects/tikv/build-tikv-engine (they may import anything)
 *   ├──► front ends: slack/, console/ ─────────► core/
 *   └──► adapters: pd/, policy/, approvals/, ──► core/ (ports: Clock, PdTransport, ApprovalStore,
 *        audit/, logging/, subjects/, config/       AuditSink, Subject, Safety; PD values; policy model)
 *
 * core/ is src/core and all its subfolders (commands/, actions/, engine/, approvals/, policy/, pd/,
 * audit/): the rules match it by the prefix ^src/core/, so core/pd/ is core and src/pd/ an adapter.
 * core imports nothing outside itself (type-only imports count); front ends import core and their
 * own folder; adapters never import front ends; nothing but a composition root imports one; the PD
 * simulator (packages/pd-sim) is imported only by the demo and the CLI, and never imports src/.
 * A rule's `comment` is what CI prints when it is broken, so it says why the rule exists.
 */

/** Files that wire adapters to core and start something: the only ones that may import anything. */
const COMPOSITION_ROOTS = [
  '^src/main\\.ts$',
  '^src/start-bot\\.ts$',
  '^src/bin/',
  '^src/console/run-demo\\.ts$',
  '^src/console/run-exec\\.ts$',
  // Loads run-demo on demand for the CLI, so only `demo` needs the simulator installed.
  '^src/console/load-demo\\.ts$',
  // The policy, approval store and audit sink that run-demo and run-exec both wire for the terminal.
  '^src/console/local-safety\\.ts$',
  '^src/subjects/tikv/build-tikv-engine\\.ts$',
];

/** The PD simulator: its own workspace package, imported as @tikv-chatops/pd-sim. */
const SIMULATOR = ['^packages/pd-sim/', '(^|/)node_modules/@tikv-chatops/pd-sim/'];

/** Code that runs the simulator on purpose: the demo and the CLI that starts it. */
const RUNS_THE_SIMULATOR = [
  '^src/console/run-demo\\.ts$',
  // The demo's example commands name the simulator's seeded regions and stores.
  '^src/console/demo-examples\\.ts$',
  '^src/bin/',
];

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'Import cycles make load order matter and hide which module owns a concept. Move the shared ' +
        'part into its own module (or a port in src/core) so the arrows point one way.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment:
        'src/core is the centre: it declares ports (Clock, PdTransport, ApprovalStore, AuditSink, …) ' +
        'and adapters implement them. Importing an adapter or a front end from core (even a type) ' +
        'ties every front end to that adapter. Declare what core needs in src/core instead.',
      from: { path: '^src/core/' },
      to: {
        path: '^src/',
        pathNot: '^src/core/',
      },
    },
    {
      name: 'simulator-only-in-demo',
      severity: 'error',
      comment:
        "The PD simulator is a test and demo tool, not part of the bot's runtime: only the demo and " +
        'the CLI that runs it may import it, so production code never starts or depends on it.',
      from: {
        path: '^src/',
        pathNot: [...SIMULATOR, ...RUNS_THE_SIMULATOR],
      },
      to: { path: SIMULATOR },
    },
    {
      name: 'front-ends-speak-to-core',
      severity: 'error',
      comment:
        'A front end (Slack, console) turns input into core requests and core outcomes into words; ' +
        'it imports core and its own folder. Adapters (PD client, policy loader, stores, audit, ' +
        'logger) reach it from a composition root, and Slack and the console share only core, so ' +
        'front ends stay interchangeable and adapters replaceable.',
      from: {
        path: '^src/(slack|console)/',
        pathNot: [
          ...COMPOSITION_ROOTS,
          // Part of the demo: its example commands name the simulator's seeded regions and stores.
          '^src/console/demo-examples\\.ts$',
        ],
      },
      to: {
        path: '^src/',
        pathNot: [
          '^src/core/',
          '^src/$1/',
          // Draining in-flight work on shutdown: the Slack deps carry the counter start-bot drains.
          '^src/lifecycle/in-flight-work\\.ts$',
        ],
      },
    },
    {
      name: 'only-composition-roots-import-composition-roots',
      severity: 'error',
      comment:
        'Composition roots wire everything; anything else importing one would import everything ' +
        'with it. Move the shared piece out of the root into the module that owns it.',
      from: { path: '^src/', pathNot: COMPOSITION_ROOTS },
      to: { path: COMPOSITION_ROOTS },
    },
    {
      name: 'adapters-do-not-import-front-ends',
      severity: 'error',
      comment:
        'Adapters implement core ports and know nothing of who drives the engine. A Slack or ' +
        'console import from an adapter means front-end wording leaked into it.',
      from: { path: '^src/', pathNot: ['^src/(core|slack|console)/', ...COMPOSITION_ROOTS] },
      to: { path: '^src/(slack|console)/' },
    },
    {
      name: 'packages-stand-alone',
      severity: 'error',
      comment:
        'A workspace package (the PD simulator) is published and tested on its own: it must not reach ' +
        "into the bot's src/, or the bot's code would ship inside a test tool and the tool's tests " +
        "would break on the bot's refactors.",
      from: { path: '^packages/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'A module nothing imports is dead code or a forgotten entry point. Delete it, import it, or ' +
        'list it here as an entry point.',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(js|cjs|mjs|ts|json)$',
          '\\.d\\.ts$',
          '(^|/)tsconfig\\.json$',
          // Entry points: started by node, npm scripts or the package's bin.
          '^src/main\\.ts$',
          '^src/bin/',
          '^packages/[^/]+/src/bin/',
          '^packages/[^/]+/src/index\\.ts$',
        ],
      },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve fails at run time; fix the path or add the package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'Runtime code is shipped without devDependencies; a runtime import of one breaks the image.',
      from: { path: '^(src|packages/[^/]+/src)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type import of an adapter still ties core to it.
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
