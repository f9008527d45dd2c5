import { describe, expect, it } from 'vitest';
import { renderOutcomeMessage } from '../../src/slack/render-outcome-message.js';
import { expectGolden } from '../support/golden.js';
import {
  drainPreviewReadFailed,
  drainPreviewSchedulerExists,
  drainReadFailed,
} from '../support/preview-fixtures.js';

const texts = (message: ReturnType<typeof renderOutcomeMessage>) => JSON.stringify(message.blocks, null, 1);

describe('renderOutcomeMessage for a dry run that read from PD', () => {
  it('shows the request that applies now, why, the other one, and the read it made', () => {
    const message = renderOutcomeMessage(drainPreviewSchedulerExists);
    const blocks = texts(message);
    expect(blocks).toContain('nothing was changed; the bot only read from PD');
    expect(blocks).toContain(
      'evict-leader-scheduler exists, so store 4 would be added through POST /pd/api/v1/scheduler-config/evict-leader-scheduler/config.',
    );
    expect(blocks).toContain(
      'This is the exact request the bot would send:\\n```POST http://pd-0.pd-peer:2379/pd/api/v1/scheduler-config/evict-leader-scheduler/config\\n{\\"name\\":\\"evict-leader-scheduler\\",\\"store_id\\":4}```',
    );
    expect(blocks).toContain(
      'If evict-leader-scheduler did not exist, it would send:\\n```POST http://pd-0.pd-peer:2379/pd/api/v1/schedulers\\n{\\"name\\":\\"evict-leader-scheduler\\",\\"store_id\\":4}```',
    );
    expect(blocks).toContain('Read from PD for this preview: `GET /pd/api/v1/schedulers` (HTTP 200)');
    expect(message.text).toContain('dry run, no write sent to PD');
    expectGolden('slack/drain-store-preview-scheduler-exists', message);
  });

  it('escapes PD text quoted in a warning, and says no write would be sent', () => {
    const message = renderOutcomeMessage(drainPreviewReadFailed);
    const blocks = texts(message);
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).not.toContain('<https://evil');
    expect(blocks).toContain(
      ':warning: Reading GET /pd/api/v1/schedulers failed (PD answered HTTP 500: &lt;!channel&gt;',
    );
    expect(blocks).toContain('As things stand, the bot would send no request that changes anything.');
    expect(blocks).toContain('If evict-leader-scheduler is listed, it would send:');
    expect(blocks).toContain('If it is not, it would send:');
    expectGolden('slack/drain-store-preview-read-failed', message);
  });

  it('says nothing was changed when a real run stopped at a failed read', () => {
    const blocks = texts(renderOutcomeMessage(drainReadFailed));
    expect(blocks).toContain('PD answered *HTTP 500* to `GET /pd/api/v1/schedulers`');
    expect(blocks).toContain('Nothing was changed: the bot stopped at this read, before any write.');
  });
});
