import { describe, expect, it } from 'vitest';
import type { ActionDefinition, ParameterDefinition } from '../../../src/core/actions/action-definition.js';
import { ActionRegistry, InvalidActionDefinitionError } from '../../../src/core/actions/action-registry.js';
import { MAX_ID, PARAMETER_TYPES, parseDuration } from '../../../src/core/commands/parameter-type.js';
import { validateParams } from '../../../src/core/commands/validate-params.js';

function actionWith(spec: ParameterDefinition): ActionDefinition {
  return {
    name: 'probe',
    description: 'd',
    parameters: { value: spec },
    riskLevel: 'read',
    requiresApproval: false,
    mutating: false,
  };
}

const parse = (spec: ParameterDefinition, text: string) => validateParams(actionWith(spec), { value: text });

describe('parameter kinds: parser, form input, hint and help from one declaration', () => {
  it.each(['region_id', 'store_id'] as const)('%s reads typed digits as a JSON number', (type) => {
    const spec = { type, description: 'd', required: true };
    expect(parse(spec, ' 4 ')).toEqual({ ok: true, params: { value: 4 } });
    expect(parse(spec, String(MAX_ID))).toEqual({ ok: true, params: { value: MAX_ID } });
    expect(parse(spec, '9007199254740992')).toMatchObject({ ok: false });
    expect(parse(spec, '0')).toMatchObject({ ok: false });
    expect(PARAMETER_TYPES[type].input(spec)).toEqual({ kind: 'number', min: 1, max: MAX_ID });
  });

  it('choice accepts only a listed word and offers them as a select', () => {
    const spec = { type: 'choice', description: 'd', required: true, choices: ['leader', 'peer'] } as const;
    expect(parse(spec, 'peer')).toEqual({ ok: true, params: { value: 'peer' } });
    expect(parse(spec, 'region')).toEqual({
      ok: false,
      issues: [
        { field: 'value', message: 'value must be one of leader, peer, got "region"', received: 'region' },
      ],
    });
    expect(PARAMETER_TYPES.choice.input(spec)).toEqual({ kind: 'select', options: ['leader', 'peer'] });
    expect(PARAMETER_TYPES.choice.hint(spec)).toBe('one of leader, peer');
  });

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
  ])('duration reads %s as %i ms, as Go writes durations', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(parse({ type: 'duration', description: 'd', required: true }, text)).toEqual({
      ok: true,
      params: { value: ms },
    });
  });

  it.each(['10', '0s', '-5m', '1d', '1.5h', 'm'])('duration refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(parse({ type: 'duration', description: 'd', required: true }, text)).toMatchObject({
      ok: false,
      issues: [{ message: `value must be a duration such as 30s, 10m or 1h30m, got "${text}"` }],
    });
  });

  it('cluster takes a clusters-file name and nothing else', () => {
    const spec = { type: 'cluster', description: 'd', required: true } as const;
    expect(parse(spec, 'prod-east')).toEqual({ ok: true, params: { value: 'prod-east' } });
    expect(parse(spec, 'Prod East')).toMatchObject({ ok: false });
    expect(parse(spec, 'staging-')).toMatchObject({ ok: false });
  });

  it('page takes a positive integer (the view handles a page past the end) and asks with a number input', () => {
    const spec = { type: 'page', description: 'd', required: false } as const;
    expect(parse(spec, '2')).toEqual({ ok: true, params: { value: 2 } });
    expect(parse(spec, '0')).toMatchObject({ ok: false });
    expect(parse(spec, 'next')).toMatchObject({ ok: false });
    expect(PARAMETER_TYPES.page.input(spec)).toEqual({ kind: 'number', min: 1, max: MAX_ID });
  });

  it('gives every kind a help sentence and a prompt hint', () => {
    for (const [kind, type] of Object.entries(PARAMETER_TYPES)) {
      const spec = {
        type: kind as ParameterDefinition['type'],
        description: 'd',
        required: true,
        choices: ['a'],
      };
      expect(type.help.length, kind).toBeGreaterThan(10);
      expect(type.hint(spec).length, kind).toBeGreaterThan(2);
    }
  });

  it('refuses at start a choice without choices, and choices on any other kind', () => {
    expect(
      () => new ActionRegistry([actionWith({ type: 'choice', description: 'd', required: true })]),
    ).toThrow(InvalidActionDefinitionError);
    expect(
      () =>
        new ActionRegistry([
          actionWith({ type: 'store_id', description: 'd', required: true, choices: ['1'] }),
        ]),
    ).toThrow(InvalidActionDefinitionError);
  });
});
