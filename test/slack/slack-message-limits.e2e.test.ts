import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionDefinition } from '../../src/core/actions/action-definition.js';
import { ActionRegistry } from '../../src/core/actions/action-registry.js';
import { Engine, systemClock } from '../../src/core/engine/engine.js';
import { InFlightWork } from '../../src/lifecycle/in-flight-work.js';
import { createSlackApp, type SlackFrontEnd } from '../../src/slack/create-slack-app.js';
import { modalMetadataKey } from '../../src/slack/modal-metadata.js';
import { postToResponseUrl } from '../../src/slack/post-to-response-url.js';
import { InMemoryReplayGuard } from '../../src/slack/replay-guard.js';
import type { SlackDeps } from '../../src/slack/slack-deps.js';
import { TikvSubject } from '../../src/subjects/tikv/tikv-subject.js';
import {
  type FakeSlack,
  postSlashCommand,
  slashCommandFields,
  startFakeSlack,
} from '../support/fake-slack/index.js';
import { checkMessage } from '../support/fake-slack/slack-limits.js';
import { LogCapture } from '../support/log-capture.js';
import { oneCluster } from '../support/one-cluster.js';
import { RecordingTransport } from '../support/recording-transport.js';
import { testSafety } from '../support/test-safety.js';

const SECRET = 'limits-signing-secret';

/** A registry no real subject has: 100 actions, each with a long description and twelve long parameters. */
function longRegistry(): ActionRegistry {
  const actions: ActionDefinition[] = Array.from({ length: 100 }, (_, i) => ({
    name: `long_action_${i}`,
    description: `Does something long ${i}. ${'Explained at great length. '.repeat(60)}`,
    parameters: Object.fromEntries(
      Array.from({ length: 12 }, (_, k) => [
        `parameter_number_${k}_with_a_rather_long_name`,
        { type: 'text', required: true, description: `The ${k}th value. ${'More words. '.repeat(25)}` },
      ]),
    ),
    riskLevel: 'read',
    requiresApproval: false,
    mutating: false,
  }));
  return new ActionRegistry(actions);
}

/** The real Slack app (createSlackApp, as startBot wires it) over a registry built here. */
async function startApp(slack: FakeSlack, registry: ActionRegistry) {
  const logs = new LogCapture();
  const logger = pino(logs);
  const engine = new Engine({
    clusters: oneCluster(new TikvSubject(new RecordingTransport('http://pd:2379'))),
    logger,
    clock: systemClock,
    safety: testSafety().safety,
  });
  const deps: SlackDeps = {
    registry,
    engine,
    approvals: engine.approvals,
    logger,
    newCorrelationId: () => 'corr0001',
    work: new InFlightWork(systemClock),
    replayGuard: new InMemoryReplayGuard({ clock: systemClock }),
    postToResponseUrl,
    postViaWebApi: async () => ({}),
    updateViaWebApi: async () => undefined,
    modalMetadataKey: modalMetadataKey(SECRET),
  };
  const app = createSlackApp(
    {
      botToken: 'xoxb-limits',
      signingSecret: SECRET,
      apiUrl: slack.apiUrl,
      port: 0,
      host: '127.0.0.1',
      botId: 'B0BOT',
      botUserId: 'U0BOT',
    },
    deps,
  );
  const { port } = await app.start();
  return { app, url: `http://127.0.0.1:${port ?? 0}` };
}

describe('everything the bot acks stays within Slack limits', () => {
  let slack: FakeSlack | undefined;
  let app: SlackFrontEnd | undefined;
  afterEach(async () => {
    await app?.stop();
    await slack?.close();
  });

  it('fits help for a registry of many long actions: blocks cut with a note, text cut with the correlation id', async () => {
    slack = await startFakeSlack();
    const started = await startApp(slack, longRegistry());
    app = started.app;
    const fields = slashCommandFields({
      text: 'help',
      responseUrl: slack.newResponseUrl(),
      userId: 'U0ONCALL',
      channelId: 'C0INCIDENT',
    });
    // postSlashCommand fails the test on an ack past any of the fake's limits.
    const ack = await postSlashCommand(started.url, SECRET, fields);
    expect(ack.status).toBe(200);
    const message = ack.json as { text: string; blocks: unknown[]; response_type: string };
    expect(checkMessage(message)).toBeUndefined();
    expect(message.response_type).toBe('ephemeral');
    expect(message.text.length).toBeLessThanOrEqual(3000);
    expect(message.text).toMatch(/more characters cut; correlation id corr0001\)$/);
    expect(JSON.stringify(message.blocks)).toMatch(/… \d+ more blocks cut to fit Slack/);
  });
});
