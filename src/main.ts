import { formatConfigProblems, readEnvOptions } from './config/read-env-options.js';
import { PolicyFileError } from './policy/policy-file-error.js';
import { type RunningBot, startBot } from './start-bot.js';

const result = readEnvOptions(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigProblems(result.problems)}\n`);
  process.exit(2);
}
// Not fatal (e.g. an expired certificate): said before anything else, so it is seen, then the bot starts.
for (const warning of result.warnings) process.stderr.write(`tikv-chatops: warning: ${warning}\n`);

// Installed before starting, so a signal that arrives while the bot starts (Slack may already be
// delivering commands while PD is probed) is not lost to Node's default, an immediate kill: the bot
// drains as soon as it is up, or exits 1 if it is still not up when the deadline passes.
const { config } = result;
let bot: RunningBot | undefined;
let stopSignal: NodeJS.Signals | undefined;
let startupBackstop: NodeJS.Timeout | undefined;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopSignal !== undefined) {
    // `process.on`, not `once`: a second Ctrl-C must not fall through to Node's default and kill
    // the process mid-drain, losing the replies the first one is waiting for.
    bot?.logger.warn(
      { decision: 'signal_during_drain', signal },
      'already shutting down; still finishing work in flight',
    );
    return;
  }
  stopSignal = signal;
  if (bot) {
    drain(bot, signal);
    return;
  }
  startupBackstop = setTimeout(() => {
    process.stderr.write(
      `tikv-chatops: ${signal} while starting, still not up after ${config.shutdownDeadlineMs} ms; exiting\n`,
    );
    process.exit(1);
  }, config.shutdownDeadlineMs);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

function drain(running: RunningBot, signal: NodeJS.Signals): void {
  running.shutdown(signal).then(
    ({ code }) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`tikv-chatops: shutdown failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

try {
  bot = await startBot(config);
  process.on('SIGHUP', () => {
    void bot?.reloadPolicy();
  });
  if (stopSignal !== undefined) {
    clearTimeout(startupBackstop);
    drain(bot, stopSignal);
  }
} catch (error) {
  process.stderr.write(
    `tikv-chatops could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  // 2, like a bad environment: the configuration needs fixing, retrying will not help.
  process.exit(error instanceof PolicyFileError ? 2 : 1);
}
