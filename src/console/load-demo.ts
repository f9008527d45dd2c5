import type { runDemo } from './run-demo.js';

/** The simulator's package name: the demo's only dependency that production installs leave out. */
export const PD_SIM_PACKAGE = '@tikv-chatops/pd-sim';

export const DEMO_UNAVAILABLE_MESSAGE = `demo needs the PD simulator (${PD_SIM_PACKAGE}), a development tool this installation does not include:
the Docker image and \`npm run build\` ship the bot only. Try the demo from a checkout: npm ci && npm run demo
`;

export type DemoLoad =
  | { readonly kind: 'loaded'; readonly runDemo: typeof runDemo }
  | { readonly kind: 'unavailable'; readonly code: 'PD_SIM_NOT_INSTALLED'; readonly cause: string };

/**
 * Whether loading the demo failed because the simulator cannot be loaded here, rather than a bug: the package
 * is absent (the image installs production dependencies only), or present as TypeScript source that plain
 * node cannot run (`node dist/…` in a checkout). Anything else stays an internal error.
 */
export function isSimulatorMissing(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const message = error.message.replaceAll('\\', '/');
  return message.includes(`'${PD_SIM_PACKAGE}'`) || message.includes('/packages/pd-sim/');
}

/**
 * Loads the demo on demand, so `exec` and the bot never touch the simulator, and turns "the simulator is
 * not installed" into a typed answer the CLI words for the person at the terminal.
 */
export async function loadDemo(importDemo = () => import('./run-demo.js')): Promise<DemoLoad> {
  try {
    const { runDemo } = await importDemo();
    return { kind: 'loaded', runDemo };
  } catch (error) {
    if (!isSimulatorMissing(error)) throw error;
    return { kind: 'unavailable', code: 'PD_SIM_NOT_INSTALLED', cause: (error as Error).message };
  }
}
