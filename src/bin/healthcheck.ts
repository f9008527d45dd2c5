import { request } from 'node:http';
import { DEFAULT_HEALTH_PORT } from '../config/read-env-options.js';

/**
 * The Docker image's HEALTHCHECK: GET /healthz on the port the bot serves it on (HEALTH_PORT in
 * Socket Mode, PORT in HTTP mode), exit 0 on 200, 1 otherwise. Node, because the image has no curl.
 * It reads the same variables as the bot, with the same defaults; it does not check them (the bot
 * does, and would not be running with bad ones).
 */
const env = process.env;
const socketMode = (env.SLACK_APP_TOKEN ?? '').trim() !== '';
const port = Number(
  (socketMode ? env.HEALTH_PORT : env.PORT)?.trim() || (socketMode ? DEFAULT_HEALTH_PORT : 3000),
);
const bound = (socketMode ? env.HEALTH_HOST : undefined)?.trim();
// Listening on every interface (the default) means loopback answers too.
const host =
  bound === undefined || bound === '' || bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound;

const req = request({ host, port, path: '/healthz', method: 'GET', timeout: 3000 }, (res) => {
  res.resume();
  process.exitCode = res.statusCode === 200 ? 0 : 1;
  if (res.statusCode !== 200) process.stderr.write(`healthcheck: /healthz answered ${res.statusCode}\n`);
});
req.on('timeout', () => req.destroy(new Error('no answer within 3000 ms')));
req.on('error', (error) => {
  process.stderr.write(`healthcheck: http://${host}:${port}/healthz: ${error.message}\n`);
  process.exitCode = 1;
});
req.end();
