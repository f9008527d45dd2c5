import { formatConfigProblems, readEnvOptions } from './config/read-env-options.js';
import { StartupError, startBot } from './start-bot.js';

const result = readEnvOptions(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigProblems(result.problems)}\n`);
  process.exit(2);
}

try {
  const bot = await startBot(result.config);
  const shutdown = (signal: string) => {
    bot.logger.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGHUP', () => {
    void bot.reloadPolicy();
  });
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  process.stderr.write(
    `tikv-chatops could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  // 2, like a bad environment: the configuration needs fixing, retrying will not help.
  process.exit(error instanceof StartupError ? 2 : 1);
}
