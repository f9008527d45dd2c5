import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config: {
  forbidden: IForbiddenRuleType[];
  options: Record<string, unknown>;
} = require('../../.dependency-cruiser.cjs');

/** A small src/ and packages/ tree that breaks each rule once (see the comment atop each file). */
const FIXTURE = fileURLToPath(new URL('./fixtures/violations', import.meta.url));

async function violations(baseDir: string): Promise<string[]> {
  const { tsConfig: _, ...options } = config.options;
  const result = await cruise(['src', 'packages'], {
    ...options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('the dependency rules (npm run lint:deps)', () => {
  it('catch each kind of violation by name, type-only imports included', async () => {
    expect(await violations(FIXTURE)).toEqual([
      'adapters-do-not-import-front-ends: src/audit/sink.ts → src/slack/a.ts',
      'core-imports-only-core: src/core/engine.ts → src/pd/pd-client.ts',
      'front-ends-speak-to-core: src/console/render.ts → src/policy/load-policy.ts',
      'front-ends-speak-to-core: src/console/render.ts → src/slack/a.ts',
      'no-cycles: src/slack/a.ts → src/slack/b.ts',
      'no-orphans: src/core/orphan.ts → src/core/orphan.ts',
      'only-composition-roots-import-composition-roots: src/audit/sink.ts → src/start-bot.ts',
      'packages-stand-alone: packages/pd-sim/src/start-pd-sim.ts → src/core/engine.ts',
      'simulator-only-in-demo: src/start-bot.ts → packages/pd-sim/src/start-pd-sim.ts',
    ]);
  });

  it('every rule says why it exists, for the message CI prints', () => {
    for (const rule of config.forbidden) expect(rule.comment?.length ?? 0, rule.name).toBeGreaterThan(40);
  });
});
