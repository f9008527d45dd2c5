import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../src/console/render-outcome-text.js';
import {
  drainPreviewReadFailed,
  drainPreviewSchedulerExists,
  drainReadFailed,
} from '../support/preview-fixtures.js';

describe('renderOutcomeText for a dry run that read from PD', () => {
  it('shows the request that applies now, why, the other one, and the read it made', () => {
    expect(renderOutcomeText(drainPreviewSchedulerExists)).toBe(
      [
        'Dry run of drain-store: nothing was changed; the bot only read from PD.',
        '  Request       drain-store store_id=4',
        '  Store ID      4',
        '  Cluster       default',
        '  PD            http://pd-0.pd-peer:2379',
        '  Risk          high',
        '  Requested by  U0ONCALL · 2026-11-28 18:00:05 UTC · correlation id c0ffee123456',
        'evict-leader-scheduler exists, so store 4 would be added through POST /pd/api/v1/scheduler-config/evict-leader-scheduler/config.',
        'This is the exact request the bot would send:',
        'POST http://pd-0.pd-peer:2379/pd/api/v1/scheduler-config/evict-leader-scheduler/config',
        '{"name":"evict-leader-scheduler","store_id":4}',
        'If evict-leader-scheduler did not exist, it would send:',
        'POST http://pd-0.pd-peer:2379/pd/api/v1/schedulers',
        '{"name":"evict-leader-scheduler","store_id":4}',
        'Read from PD for this preview: GET /pd/api/v1/schedulers (HTTP 200)',
        '',
      ].join('\n'),
    );
  });

  it('puts warnings first and says no write would be sent', () => {
    const text = renderOutcomeText(drainPreviewReadFailed);
    expect(text).toContain('\nWarning: Reading GET /pd/api/v1/schedulers failed (PD answered HTTP 500: ');
    expect(text).toContain('As things stand, the bot would send no request that changes anything.');
    expect(text).toContain('If evict-leader-scheduler is listed, it would send:\nPOST ');
    expect(text).toContain('If it is not, it would send:\nPOST ');
  });

  it('says nothing was changed when a real run stopped at a failed read', () => {
    const text = renderOutcomeText(drainReadFailed);
    expect(text).toContain('PD answered HTTP 500 to GET /pd/api/v1/schedulers:');
    expect(text).toContain('Nothing was changed: the bot stopped at this read, before any write.');
  });
});
