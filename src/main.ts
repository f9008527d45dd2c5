import { formatConfigProblems, readEnvOptions } from './config/read-env-options.js';
import { StartupError, startBot } from './start-bot.js';

const result = readEnvOptions(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigProblems(result.problems)}\n`);
  process.exit(2);
}

try {
  const bot = await startBot(result.config);
  let draining = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (draining) {
      // `process.on`, not `once`: a second Ctrl-C must not fall through to Node's default and kill
      // the process mid-drain, losing the replies the first one is waiting for.
      bot.logger.warn(
        { decision: 'signal_during_drain', signal },
        'already shutting down; still finishing work in flight',
      );
      return;
    }
    draining = true;
    bot.shutdown(signal).then(
      ({ code }) => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`tikv-chatops: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGHUP', () => {
    void bot.reloadPolicy();
  });
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(
    `tikv-chatops could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  // 2, like a bad environment: the configuration needs fixing, retrying will not help.
  process.exit(error instanceof StartupError ? 2 : 1);
}
