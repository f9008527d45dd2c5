/**
 * Slack's size limits, enforced by the fake so an over-limit message fails a test instead of passing
 * silently (reference §2.5, §3.2, §5.4). Errors are shaped like Slack's: `msg_too_long` for the
 * top-level text, `invalid_blocks` / `invalid_arguments` with `response_metadata.messages` naming
 * the JSON pointer, `view_too_large`, and HTTP 413 for oversized request bodies.
 */
export const SLACK_LIMITS = {
  /** chat.* `text`: longer is refused with msg_too_long. */
  messageText: 40_000,
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  textObject: 3000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  optionDescription: 75,
  optionValue: 150,
  placeholder: 150,
  headerText: 150,
  inputLabel: 2000,
  inputHint: 2000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  viewJsonBytes: 250_000,
  /**
   * Undocumented: Slack answers msg_blocks_too_long once a message's blocks hold about 13,000
   * characters in all, even with every block within its own limit (slackapi/bolt-js#2509 measured
   * 13,297 for markdown blocks, less with a divider). 13,000 here, so a test fails before Slack would.
   */
  messageBlocksTotalText: 13_000,
  /** Request bodies past this get HTTP 413 from the Web API and from response_url webhooks. */
  requestBodyBytes: 1_000_000,
} as const;

export interface LimitViolation {
  /** Slack's error code for the whole call. */
  error: 'msg_too_long' | 'msg_blocks_too_long' | 'invalid_blocks' | 'invalid_arguments' | 'view_too_large';
  /** Slack-style `[ERROR] … [json-pointer:/…]` lines (empty for msg_too_long). */
  messages: string[];
}

type Json = Record<string, unknown>;

/** Checks a message as chat.postMessage/postEphemeral/update, a response_url or an ack carries it. */
export function checkMessage(message: { text?: unknown; blocks?: unknown }): LimitViolation | undefined {
  if (typeof message.text === 'string' && message.text.length > SLACK_LIMITS.messageText) {
    return { error: 'msg_too_long', messages: [] };
  }
  if (message.blocks === undefined) return undefined;
  const errors: string[] = [];
  checkBlocks(message.blocks, '/blocks', SLACK_LIMITS.messageBlocks, errors);
  if (errors.length > 0) return { error: 'invalid_blocks', messages: errors };
  if (textLength(message.blocks) > SLACK_LIMITS.messageBlocksTotalText) {
    return { error: 'msg_blocks_too_long', messages: [] };
  }
  return undefined;
}

/** Characters of every `text` string in the blocks, the measure msg_blocks_too_long seems to use. */
function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + textLength(v), 0);
  if (!isObject(value)) return 0;
  return Object.entries(value).reduce(
    (sum, [key, v]) => sum + (key === 'text' && typeof v === 'string' ? v.length : textLength(v)),
    0,
  );
}

/** Checks a view as views.open/push/update receive it. */
export function checkView(view: Json): LimitViolation | undefined {
  if (Buffer.byteLength(JSON.stringify(view)) > SLACK_LIMITS.viewJsonBytes) {
    return { error: 'view_too_large', messages: [] };
  }
  const errors: string[] = [];
  plainText(view.title, '/view/title', SLACK_LIMITS.viewTitle, errors);
  plainText(view.submit, '/view/submit', SLACK_LIMITS.viewButton, errors);
  plainText(view.close, '/view/close', SLACK_LIMITS.viewButton, errors);
  maxString(view.private_metadata, '/view/private_metadata', SLACK_LIMITS.privateMetadata, errors);
  maxString(view.callback_id, '/view/callback_id', SLACK_LIMITS.callbackId, errors);
  checkBlocks(view.blocks ?? [], '/view/blocks', SLACK_LIMITS.viewBlocks, errors);
  return errors.length > 0 ? { error: 'invalid_arguments', messages: errors } : undefined;
}

function checkBlocks(blocks: unknown, pointer: string, maxBlocks: number, errors: string[]): void {
  if (!Array.isArray(blocks)) {
    errors.push(`[ERROR] must be an array [json-pointer:${pointer}]`);
    return;
  }
  if (blocks.length > maxBlocks)
    errors.push(`[ERROR] no more than ${maxBlocks} items allowed [json-pointer:${pointer}]`);
  blocks.forEach((block, i) => {
    checkBlock(block, `${pointer}/${i}`, errors);
  });
}

function checkBlock(block: unknown, at: string, errors: string[]): void {
  if (!isObject(block)) {
    errors.push(`[ERROR] must be an object [json-pointer:${at}]`);
    return;
  }
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        errors.push(`[ERROR] must provide either text or fields [json-pointer:${at}]`);
      }
      if (block.text !== undefined) textObject(block.text, `${at}/text`, 1, SLACK_LIMITS.sectionText, errors);
      if (block.fields !== undefined) {
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (fields.length > SLACK_LIMITS.fields) {
          errors.push(
            `[ERROR] no more than ${SLACK_LIMITS.fields} items allowed [json-pointer:${at}/fields]`,
          );
        }
        fields.forEach((field, i) => {
          textObject(field, `${at}/fields/${i}`, 1, SLACK_LIMITS.fieldText, errors);
        });
      }
      if (block.accessory !== undefined) checkElement(block.accessory, `${at}/accessory`, errors);
      break;
    }
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > SLACK_LIMITS.contextElements) {
        errors.push(
          `[ERROR] no more than ${SLACK_LIMITS.contextElements} items allowed [json-pointer:${at}/elements]`,
        );
      }
      elements.forEach((element, i) => {
        if (isObject(element) && (element.type === 'mrkdwn' || element.type === 'plain_text')) {
          textObject(element, `${at}/elements/${i}`, 1, SLACK_LIMITS.textObject, errors);
        }
      });
      break;
    }
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > SLACK_LIMITS.actionsElements) {
        errors.push(
          `[ERROR] no more than ${SLACK_LIMITS.actionsElements} items allowed [json-pointer:${at}/elements]`,
        );
      }
      elements.forEach((element, i) => {
        checkElement(element, `${at}/elements/${i}`, errors);
      });
      break;
    }
    case 'header':
      textObject(block.text, `${at}/text`, 1, SLACK_LIMITS.headerText, errors);
      break;
    case 'input':
      textObject(block.label, `${at}/label`, 1, SLACK_LIMITS.inputLabel, errors);
      if (block.hint !== undefined) textObject(block.hint, `${at}/hint`, 1, SLACK_LIMITS.inputHint, errors);
      checkElement(block.element, `${at}/element`, errors);
      break;
    default:
      break;
  }
}

function checkElement(element: unknown, at: string, errors: string[]): void {
  if (!isObject(element)) return;
  if (element.type === 'button') {
    textObject(element.text, `${at}/text`, 1, SLACK_LIMITS.buttonText, errors);
    maxString(element.value, `${at}/value`, SLACK_LIMITS.buttonValue, errors);
  }
  if (element.placeholder !== undefined) {
    textObject(element.placeholder, `${at}/placeholder`, 1, SLACK_LIMITS.placeholder, errors);
  }
  if (element.confirm !== undefined) checkConfirm(element.confirm, `${at}/confirm`, errors);
  for (const key of ['options', 'initial_options'] as const) {
    const options = element[key];
    if (!Array.isArray(options)) continue;
    options.forEach((option, i) => {
      checkOption(option, `${at}/${key}/${i}`, errors);
    });
  }
  if (element.initial_option !== undefined)
    checkOption(element.initial_option, `${at}/initial_option`, errors);
}

function checkConfirm(confirm: unknown, at: string, errors: string[]): void {
  if (!isObject(confirm)) return;
  textObject(confirm.title, `${at}/title`, 1, SLACK_LIMITS.confirmTitle, errors);
  textObject(confirm.text, `${at}/text`, 1, SLACK_LIMITS.confirmText, errors);
  textObject(confirm.confirm, `${at}/confirm`, 1, SLACK_LIMITS.confirmButton, errors);
  textObject(confirm.deny, `${at}/deny`, 1, SLACK_LIMITS.confirmButton, errors);
}

function checkOption(option: unknown, at: string, errors: string[]): void {
  if (!isObject(option)) return;
  textObject(option.text, `${at}/text`, 1, SLACK_LIMITS.optionText, errors);
  if (option.description !== undefined) {
    textObject(option.description, `${at}/description`, 1, SLACK_LIMITS.optionDescription, errors);
  }
  maxString(option.value, `${at}/value`, SLACK_LIMITS.optionValue, errors);
}

function plainText(value: unknown, at: string, max: number, errors: string[]): void {
  if (value !== undefined) textObject(value, at, 1, max, errors);
}

function textObject(value: unknown, at: string, min: number, max: number, errors: string[]): void {
  if (!isObject(value) || typeof value.text !== 'string') {
    errors.push(`[ERROR] must be a text object [json-pointer:${at}]`);
    return;
  }
  if (value.text.length < min)
    errors.push(`[ERROR] must be more than ${min - 1} characters [json-pointer:${at}/text]`);
  if (value.text.length > max)
    errors.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${at}/text]`);
}

function maxString(value: unknown, at: string, max: number, errors: string[]): void {
  if (typeof value === 'string' && value.length > max) {
    errors.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${at}]`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What is wrong with an ack's message (a slash command's or an interaction's immediate answer), or
 * undefined. Slack would show the user an error instead of it; the fake makes the test fail.
 */
export function ackLimitError(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const { response_action: action, view } = payload as { response_action?: unknown; view?: unknown };
  if ((action === 'update' || action === 'push') && isObject(view)) {
    const bad = checkView(view);
    return (
      bad &&
      `the ack's view breaks Slack's limits (${bad.error}): ${bad.messages.join('; ') || 'view too large'}`
    );
  }
  const message = payload as { text?: unknown; blocks?: unknown };
  if (message.text === undefined && message.blocks === undefined) return undefined;
  const violation = checkMessage(message);
  if (!violation) return undefined;
  return `the ack breaks Slack's limits (${violation.error}): ${violation.messages.join('; ') || 'text too long'}`;
}
