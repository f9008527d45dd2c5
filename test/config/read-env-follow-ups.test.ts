import { describe, expect, it } from 'vitest';
import { BOT_ENV_NAMES, readEnvOptions } from '../../src/config/read-env-options.js';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: 'shhh-signing-secret',
  PD_ENDPOINTS: 'http://pd-0:2379',
};

describe('readEnvOptions: how writes are followed (FOLLOW_*)', () => {
  it('defaults: a stall after 5 minutes, drains followed 6 hours, polls 30 s apart at most, 4 reads per cluster', () => {
    const result = readEnvOptions(ENV);
    expect(result.ok && result.config.followUps).toEqual({
      drainStallMs: 5 * 60_000,
      drainMaxMs: 6 * 3_600_000,
      maxPollMs: 30_000,
      maxReadsPerCluster: 4,
      editsPerMinute: 40,
      leaseMs: 30_000,
    });
  });

  it('reads each setting in its own unit', () => {
    const result = readEnvOptions({
      ...ENV,
      FOLLOW_DRAIN_STALL_MINUTES: '10',
      FOLLOW_DRAIN_MAX_HOURS: '0.5',
      FOLLOW_POLL_MAX_SECONDS: '5',
      FOLLOW_MAX_READS_PER_CLUSTER: '2',
      FOLLOW_EDITS_PER_MINUTE: '20',
      FOLLOW_LEASE_SECONDS: '2',
    });
    expect(result.ok && result.config.followUps).toEqual({
      drainStallMs: 600_000,
      drainMaxMs: 1_800_000,
      maxPollMs: 5_000,
      maxReadsPerCluster: 2,
      editsPerMinute: 20,
      leaseMs: 2_000,
    });
  });

  it('refuses zero, negative and unbounded values, naming the variable', () => {
    const result = readEnvOptions({
      ...ENV,
      FOLLOW_DRAIN_STALL_MINUTES: '0',
      FOLLOW_POLL_MAX_SECONDS: 'soon',
      FOLLOW_EDITS_PER_MINUTE: '1',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? '' : result.problems.join('\n');
    expect(problems).toContain('FOLLOW_DRAIN_STALL_MINUTES must be more than 0');
    expect(problems).toContain('FOLLOW_POLL_MAX_SECONDS must be a number of seconds');
    expect(problems).toContain('FOLLOW_EDITS_PER_MINUTE must be at least 2');
  });

  it('bounds the follow-up lease to 2-600 seconds, naming the variable', () => {
    const problemsFor = (value: string) => {
      const result = readEnvOptions({ ...ENV, FOLLOW_LEASE_SECONDS: value });
      return result.ok ? '' : result.problems.join('\n');
    };
    expect(problemsFor('1')).toContain('FOLLOW_LEASE_SECONDS must be at least 2');
    expect(problemsFor('601')).toContain('FOLLOW_LEASE_SECONDS must be at most 600');
    expect(problemsFor('a while')).toContain('FOLLOW_LEASE_SECONDS must be a number of seconds');
  });

  it('lists FOLLOW_LEASE_SECONDS among the variables the bot reads', () => {
    expect(BOT_ENV_NAMES).toContain('FOLLOW_LEASE_SECONDS');
  });
});
