import { describe, expect, it } from 'vitest';
import { renderHelpText } from '../../src/console/render-help-text.js';
import {
  CONSOLE_BODY_LIMIT,
  renderInvalidInputText,
  renderOutcomeText,
} from '../../src/console/render-outcome-text.js';
import { printable, wantsColor } from '../../src/console/text-style.js';
import { ActionRegistry } from '../../src/core/actions/action-registry.js';
import { interpretCommand } from '../../src/core/commands/interpret-command.js';
import type { Outcome } from '../../src/core/engine/outcome.js';
import { PdHttpError, PdTransportError } from '../../src/core/pd/pd-errors.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';
import { AT, requestFor, TARGET } from '../support/outcome-fixtures.js';

const request = {
  ...requestFor('transfer_leader', { region_id: 42, to_store_id: 4 }),
  actor: { id: 'alice', source: 'console' as const },
};
const pdRequest = transferLeaderRequest(42, 4);
const ESC = '\u001b';

function ok(rawBody: string, simulated = false): Outcome {
  return {
    kind: 'ok',
    request,
    target: { ...TARGET, simulated },
    startedAt: AT,
    durationMs: 12,
    response: {
      request: pdRequest,
      endpoint: TARGET.endpoint,
      status: 200,
      contentType: 'application/json; charset=UTF-8',
      rawBody,
      pdMessage: 'The operator is created.',
      durationMs: 11,
    },
  };
}

function httpError(status: number, rawBody: string, pdMessage: string): Outcome {
  return {
    kind: 'pd_error',
    request,
    target: TARGET,
    startedAt: AT,
    durationMs: 9,
    error: new PdHttpError(pdRequest, TARGET.endpoint, status, 'application/json', rawBody, pdMessage, 9),
  };
}

describe('renderOutcomeText', () => {
  it('renders a success like pd-ctl, with who, what, which PD and PD answer verbatim', () => {
    expect(renderOutcomeText(ok('"The operator is created."\n'))).toBe(
      [
        'Success! The operator is created.',
        '  Request          transfer-leader region_id=42 to_store_id=4',
        '  Region ID        42',
        '  Target store ID  4',
        '  Cluster          default',
        '  PD               http://pd-0.pd-peer:2379',
        '  Risk             medium',
        '  Requested by     alice · 2026-11-28 18:00:05 UTC · 12 ms · correlation id c0ffee123456',
        'PD answered HTTP 200 to POST /pd/api/v1/operators:',
        '"The operator is created."',
        'To undo (Cancel): cancel-operator region_id=42',
        '',
      ].join('\n'),
    );
  });

  it('marks the simulator', () => {
    expect(renderOutcomeText(ok('"The operator is created."\n', true))).toContain(
      'PD               http://pd-0.pd-peer:2379 [PD simulator]',
    );
    expect(renderOutcomeText(ok('"The operator is created."\n', false))).not.toContain('[PD simulator]');
  });

  it('renders a PD error as pd-ctl does, with the raw body verbatim', () => {
    const raw = '"region has no voter in store 5"\n';
    const text = renderOutcomeText(httpError(500, raw, 'region has no voter in store 5'));
    expect(text.split('\n')[0]).toBe('Failed! [500] "region has no voter in store 5"');
    expect(text).toContain(`PD answered HTTP 500 to POST /pd/api/v1/operators:\n${raw}`);
    expect(text).toContain('9 ms · correlation id c0ffee123456');
  });

  it('keeps a multi-line body whole and puts the decoded message on the headline', () => {
    const raw = '{\n  "code": "input",\n  "msg": "invalid character"\n}';
    const text = renderOutcomeText(httpError(400, raw, 'input: invalid character'));
    expect(text.split('\n')[0]).toBe('Failed! [400] input: invalid character');
    expect(text).toContain(`:\n${raw}\n`);
  });

  it('says when PD did not answer, with the transport error', () => {
    const error = new PdTransportError(
      'PD_RESPONSE_TIMEOUT',
      pdRequest,
      TARGET.endpoint,
      'PD did not answer within 100 ms (POST …). It was not retried; check PD before trying again.',
      100,
    );
    const text = renderOutcomeText({
      kind: 'pd_error',
      request,
      target: TARGET,
      startedAt: AT,
      durationMs: 100,
      error,
    });
    expect(text.split('\n')[0]).toBe('Failed! No answer from PD (PD_RESPONSE_TIMEOUT)');
    expect(text).toContain('PD did not answer within 100 ms');
    expect(text).toContain('It was not retried');
  });

  it('says nothing was sent to PD when the request never left the bot', () => {
    const error = new PdTransportError(
      'PD_CONNECTION_REFUSED',
      pdRequest,
      TARGET.endpoint,
      'connect ECONNREFUSED 127.0.0.1:2379',
      1,
    );
    const text = renderOutcomeText({
      kind: 'pd_error',
      request,
      target: TARGET,
      startedAt: AT,
      durationMs: 1,
      error,
    });
    expect(text.split('\n')[0]).toBe('Not run! Nothing was sent to PD (PD_CONNECTION_REFUSED)');
    expect(text).not.toContain('No answer from PD');
  });

  it('says when PD answered more than the client read', () => {
    const outcome = ok('"The operator');
    if (outcome.kind !== 'ok') throw new Error('expected ok');
    const cut = renderOutcomeText({
      ...outcome,
      response: { ...outcome.response, truncatedAtBytes: 1024 * 1024 },
    });
    expect(cut).toContain(
      '"The operator\nPD answered HTTP 200; the body was larger than 1 MiB and was cut.\n',
    );
    const error = new PdHttpError(pdRequest, TARGET.endpoint, 502, undefined, '<html', 'x', 9, 1536 * 1024);
    expect(
      renderOutcomeText({ kind: 'pd_error', request, target: TARGET, startedAt: AT, durationMs: 9, error }),
    ).toContain('PD answered HTTP 502; the body was larger than 1.5 MiB and was cut.');
    expect(renderOutcomeText(ok('"x"'))).not.toContain('was cut');
  });

  it('keeps typed values from writing escape sequences or flooding the terminal', () => {
    const hostile = {
      ...request,
      params: { region_id: 42, to_store_id: `4${ESC}]0;pwned${ESC}\\${'9'.repeat(5000)}` },
    };
    const text = renderOutcomeText({ ...ok('"x"'), request: hostile } as Outcome);
    expect(text).not.toContain(ESC);
    expect(text.length).toBeLessThan(2000);
  });

  it('prints at most 64 KiB of a huge body and says how much more was read', () => {
    const text = renderOutcomeText(ok(`"${'x'.repeat(1024 * 1024)}"`));
    expect(text.length).toBeLessThan(CONSOLE_BODY_LIMIT + 2000);
    expect(text).toContain(
      `… ${1024 * 1024 + 2 - CONSOLE_BODY_LIMIT} more characters not shown (exec --json prints all that was read)`,
    );
    expect(renderOutcomeText(ok(`"${'x'.repeat(1000)}"`))).not.toContain('not shown');
  });

  it('shows an empty body as such', () => {
    expect(renderOutcomeText(ok(''))).toContain(':\n(empty body)\n');
  });

  it('never lets PD write escape sequences to the terminal', () => {
    const text = renderOutcomeText(httpError(500, `"boom ${ESC}]0;pwned${ESC}\\ \r"\n`, 'boom'));
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\r');
    expect(text).toContain('"boom \\x1b]0;pwned\\x1b\\ \\x0d"');
  });

  it('shows the exact request for a dry run', () => {
    const text = renderOutcomeText({
      kind: 'preview',
      request: { ...request, dryRun: true },
      target: TARGET,
      pdRequests: [pdRequest],
      startedAt: AT,
    });
    expect(text).toContain('Dry run of transfer-leader: nothing was sent to PD.');
    expect(text).toContain(
      'POST http://pd-0.pd-peer:2379/pd/api/v1/operators\n{"name":"transfer-leader","region_id":42,"to_store_id":4}\n',
    );
  });

  it('hides internal details and gives the correlation id', () => {
    const text = renderOutcomeText({
      kind: 'internal_error',
      correlationId: 'c0ffee123456',
      error: new Error('secret'),
    });
    expect(text).toContain('correlation id c0ffee123456');
    expect(text).not.toContain('secret');
  });

  it('says when PD acted but the audit record could not be written', () => {
    const outcome = { ...ok('"The operator is created."\n'), auditError: 'disk full' } as Outcome;
    expect(renderOutcomeText(outcome)).toContain(
      'Warning: the audit record of this could not be written: disk full',
    );
  });

  it('shows who may approve and why approval is needed', () => {
    const text = renderOutcomeText({
      kind: 'needs_approval',
      request,
      target: TARGET,
      approvalId: 'ap-1',
      expiresAt: AT,
      approvers: { users: ['U0LEAD'], groups: ['S0SRE'] },
      reason: 'risk medium needs a second person',
    });
    expect(text).toContain(
      'transfer-leader needs approval before it runs: risk medium needs a second person',
    );
    expect(text).toMatch(/Approvers +U0LEAD, group S0SRE/);
  });

  it('colours only when asked', () => {
    expect(renderOutcomeText(ok('"x"\n'), { color: true })).toContain(`${ESC}[32m`);
    expect(renderOutcomeText(ok('"x"\n'), { color: false })).not.toContain(ESC);
  });
});

describe('renderInvalidInputText', () => {
  const registry = new ActionRegistry(TIKV_ACTIONS);

  it('names the field, what was received and the usage line', () => {
    const interpretation = interpretCommand('transfer-leader 42 x', registry);
    if (interpretation.kind !== 'invalid') throw new Error('expected invalid');
    expect(renderInvalidInputText({ ...interpretation, kind: 'invalid_input' })).toBe(
      [
        'Nothing was sent to PD.',
        '  - to_store_id must be a positive integer, got "x"',
        'You typed: transfer-leader 42 x',
        'Usage: transfer-leader <region_id> <to_store_id>',
        '',
      ].join('\n'),
    );
  });

  it('points at help for an unknown action', () => {
    const interpretation = interpretCommand('transfer-leaders 42 4', registry);
    if (interpretation.kind !== 'invalid') throw new Error('expected invalid');
    const text = renderInvalidInputText({ ...interpretation, kind: 'invalid_input' });
    expect(text).toContain('unknown action "transfer-leaders"');
    expect(text).toContain('Type help for the list of actions.');
  });

  it('echoes only the start of a huge command and a few of its issues', () => {
    const typed = `transfer-leader ${'x'.repeat(40_000)}`;
    const issues = Array.from({ length: 30 }, (_, i) => ({
      field: `f${i}`,
      message: `f${i} is wrong`,
      received: 'r'.repeat(5000),
    }));
    const text = renderInvalidInputText({ kind: 'invalid_input', text: typed, issues });
    expect(text.length).toBeLessThan(3000);
    expect(text).toContain(
      `You typed: transfer-leader ${'x'.repeat(184)}… (39816 more characters not shown)`,
    );
    expect(text).toContain('f4 is wrong');
    expect(text).not.toContain('f5 is wrong');
    expect(text).toContain('  … and 25 more');
  });

  it('echoes an invisible character as its code point, so the echo does not look like the intent', () => {
    const text = 'transfer-leader 4\u200b2';
    const interpretation = interpretCommand(text, registry);
    if (interpretation.kind !== 'invalid') throw new Error('expected invalid');
    const rendered = renderInvalidInputText({ ...interpretation, kind: 'invalid_input' });
    expect(rendered).toContain('You typed: transfer-leader 4⟨U+200B⟩2');
  });

  it('adds the field and the received value when the message lacks them', () => {
    const text = renderInvalidInputText({
      kind: 'invalid_input',
      text: 'drain-store 0',
      issues: [{ field: 'store_id', message: 'must be positive', received: '0' }],
    });
    expect(text).toContain('  - store_id: must be positive (got "0")');
  });
});

describe('renderHelpText', () => {
  const registry = new ActionRegistry(TIKV_ACTIONS);

  it('lists every action with its usage and parameters, and marks the simulator', () => {
    const text = renderHelpText(registry, {
      cluster: 'default',
      production: false,
      endpoint: 'http://127.0.0.1:1234',
      simulated: true,
    });
    expect(text).toContain('through PD (cluster default, http://127.0.0.1:1234 [PD simulator])');
    for (const line of [
      'transfer-leader <region_id> <to_store_id>  (risk: medium)',
      'transfer-peer <region_id> <from_store_id> <to_store_id>  (risk: high)',
      'drain-store <store_id>  (risk: high)',
      '    to_store_id  Target store ID: Store that becomes the leader; it must hold a voter peer of the region',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('lists whoami and can <action>, which answer from the policy without PD', () => {
    const text = renderHelpText(registry, {
      cluster: 'default',
      production: false,
      endpoint: 'http://127.0.0.1:1234',
      simulated: false,
    });
    expect(text).toContain('Your permissions  (nothing is sent to PD)');
    expect(text).toContain('    whoami        what you may run here, and why');
    expect(text).toContain('    can <action>  whether you may run one action here, and what would allow it');
    const one = renderHelpText(
      registry,
      { cluster: 'default', production: false, endpoint: 'x', simulated: false },
      registry.get('drain-store'),
    );
    expect(one).not.toContain('whoami');
  });

  it('shows one action on request', () => {
    const text = renderHelpText(registry, TARGET, registry.get('drain-store'));
    expect(text).toContain('drain-store <store_id>');
    expect(text).not.toContain('transfer-leader <region_id>');
  });
});

describe('text style', () => {
  it('colours a TTY unless NO_COLOR is set or TERM is dumb', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  });

  it('escapes control characters and bidi overrides, and keeps newlines, tabs and unicode', () => {
    expect(printable('a\tb\nc ü 区域')).toBe('a\tb\nc ü 区域');
    expect(printable(`${ESC}[31m\u0007\u202e`)).toBe('\\x1b[31m\\x07\\u202e');
  });
});
