import type { types } from '@slack/bolt';
import type { FormContext } from '../core/forms/form-assist.js';
import { clampText, escapeMrkdwn } from './mrkdwn.js';

/**
 * The form's view of the region before Run: PD's leader and peers, then warnings that do not block
 * (PD judges on Run). Plain lines from the subject, escaped; nothing when there is nothing to say.
 */
export function renderFormContext(blockId: string, context: FormContext): types.KnownBlock[] {
  const lines = [
    ...context.notes.map((note) => escapeMrkdwn(note)),
    ...context.warnings.map((warning) => `:warning: ${escapeMrkdwn(warning)}`),
  ];
  if (lines.length === 0) return [];
  const footer =
    context.warnings.length > 0 ? '\n_Warnings do not stop the form: PD checks again when you run it._' : '';
  return [
    {
      type: 'section',
      block_id: blockId,
      text: { type: 'mrkdwn', text: clampText(`*What PD says now*\n${lines.join('\n')}${footer}`, 3000) },
    },
  ];
}
