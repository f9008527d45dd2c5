// One import path for tests: `import { startFakeSlack, postSlashCommand } from '../support/fake-slack/index.js'`.

export {
  type BlockSuggestionInput,
  blockSuggestionPayload,
  OPTIONS_LIMITS,
  type OptionsAnswer,
  optionsLimitError,
  requestOptionsHttp,
  requestOptionsSocket,
  type ViewState,
  viewBlockActionsPayload,
} from './block-suggestion.js';
export { type BoltHttpEndpoint, startBoltOnEphemeralPort } from './bolt-port.js';
export { DEFAULT_WAIT_MS, type WaitOptions } from './event-log.js';
export {
  appHomeOpenedEvent,
  eventCallbackBody,
  imMessageEvent,
  newEventId,
  postEvent,
} from './event-payloads.js';
export type { PublishedHome } from './fake-home-views.js';
export { FAKE_IDENTITY, type FakeChannel, type FakeUser, type FakeView } from './fake-web-api.js';
export type { FaultSpec } from './fault-queue.js';
export { type HomeClickInput, homeBlockActionsPayload } from './home-payloads.js';
export {
  type BlockActionsInput,
  blockActionsPayload,
  newTriggerId,
  type SlashCommandInput,
  slashCommandFields,
  type ViewStateValue,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from './payload-builders.js';
export { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS, type RecordedResponse } from './response-urls.js';
export {
  postInteraction,
  postSignedBody,
  postSlashCommand,
  type SignedRequestOptions,
  type SignedResponse,
  SLACK_FORM_CONTENT_TYPE,
  signSlackRequest,
  slackEventsUrl,
} from './signed-request.js';
export type {
  EnvelopeType,
  SendEnvelopeOptions,
  SentEnvelope,
  SocketAck,
  SocketConnection,
} from './socket-mode-server.js';
export {
  type FakeSlack,
  type FakeSlackCall,
  type FakeSlackOptions,
  RESPONSE_URL_FAULT,
  startFakeSlack,
} from './start-fake-slack.js';
