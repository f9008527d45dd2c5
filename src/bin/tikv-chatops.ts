#!/usr/bin/env node
import { userInfo } from 'node:os';
import { EXIT_CODES } from '../console/exec-result.js';
import { DEMO_UNAVAILABLE_MESSAGE, loadDemo } from '../console/load-demo.js';
import { CLI_USAGE, parseCliArgs } from '../console/parse-cli-args.js';
import { wantsColor } from '../console/text-style.js';
import { systemClock } from '../core/engine/engine.js';
import { newCorrelationId } from '../core/engine/new-correlation-id.js';

/** The console's actor: who is at this terminal. Some containers have no passwd entry. */
function localUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/** The same POLICY_FILE and AUDIT_FILE the Slack bot reads. */
function policyAndAudit(env: NodeJS.ProcessEnv): { policyFile?: string; auditFile?: string } {
  return {
    // Set but empty is passed on and refused: only an unset POLICY_FILE means the demo policy.
    ...(env.POLICY_FILE !== undefined && { policyFile: env.POLICY_FILE.trim() }),
    ...(env.AUDIT_FILE?.trim() && { auditFile: env.AUDIT_FILE.trim() }),
  };
}

// The process-level composition root: argv, env, streams, clock and ids are created here only.
async function main(): Promise<number> {
  const command = parseCliArgs(process.argv.slice(2));
  const env = process.env;
  switch (command.kind) {
    case 'help':
      process.stdout.write(CLI_USAGE);
      return EXIT_CODES.ok;
    case 'usage_error':
      process.stderr.write(`tikv-chatops: ${command.message}\nRun tikv-chatops --help for usage.\n`);
      return EXIT_CODES.usage;
    case 'demo': {
      // Loaded on demand: exec against a real PD should not load the simulator, and an install without it
      // (the Docker image) can still run everything else.
      const demo = await loadDemo();
      if (demo.kind === 'unavailable') {
        process.stderr.write(`tikv-chatops: ${DEMO_UNAVAILABLE_MESSAGE}`);
        return EXIT_CODES.usage;
      }
      return demo.runDemo(
        { log: command.log },
        {
          input: process.stdin,
          output: process.stdout,
          logOutput: process.stderr,
          errorOutput: process.stderr,
          user: localUser(env),
          newCorrelationId,
          clock: systemClock,
          color: wantsColor(process.stdout, env),
          ...policyAndAudit(env),
        },
      );
    }
    case 'exec': {
      const { runExec } = await import('../console/run-exec.js');
      return runExec(command, {
        stdout: process.stdout,
        stderr: process.stderr,
        user: localUser(env),
        newCorrelationId,
        clock: systemClock,
        color: { stdout: wantsColor(process.stdout, env), stderr: wantsColor(process.stderr, env) },
        ...policyAndAudit(env),
        // CLUSTERS_FILE or PD_ENDPOINTS, when --pd is not given.
        env,
      });
    }
  }
}

try {
  // exitCode, not exit(): let stdout drain when it is a pipe.
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(
    `tikv-chatops: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = EXIT_CODES.internal;
}
