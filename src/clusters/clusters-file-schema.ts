import type { X509Certificate } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { slackIdList } from '../config-file/slack-id-list.js';
import { strictObject } from '../config-file/strict-object.js';
import { versionOne } from '../config-file/version-one.js';
import type { ClusterConfig } from './cluster-config.js';
import { pdEndpointProblem } from './pd-endpoint-problem.js';
import { type PemKind, type PemRead, type ReadFileSync, readPemFile } from './read-pem-file.js';

/** A checked cluster plus what the loader needs for warnings: the certificates of each TLS field. */
export interface CheckedCluster {
  readonly config: ClusterConfig;
  readonly certificates: readonly {
    readonly field: 'ca' | 'cert';
    readonly certificates: readonly X509Certificate[];
  }[];
}

export interface ClustersFileContext {
  /** Relative TLS paths are read from here (the clusters file's folder), whatever the working directory. */
  readonly baseDir: string;
  readonly readFile: ReadFileSync;
  /** PD_CONNECT_TIMEOUT_MS / PD_TIMEOUT_MS: a cluster without its own timeouts uses these. */
  readonly defaultTimeouts: { readonly connectTimeoutMs: number; readonly responseTimeoutMs: number };
}

// Typed after `--cluster`, so short and plain; starting with a letter keeps it apart from region and
// store IDs in a command line.
const CLUSTER_NAME = /^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

const millis = z
  .number()
  .int('must be a whole number of milliseconds')
  .min(100, 'must be at least 100 ms')
  .max(600_000, 'must be at most 600000 ms');

const endpoint = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = pdEndpointProblem(value);
    if (problem === undefined) return;
    // A URL with a password is not repeated: the line and column say where it is.
    const credentials = URL.canParse(value) && new URL(value).password !== '';
    ctx.addIssue({ code: 'custom', message: credentials ? problem : `"${value}" ${problem}` });
  })
  .transform((value) => value.replace(/\/+$/, ''));

function pemFile(kind: PemKind, context: ClustersFileContext) {
  return z
    .string()
    .trim()
    .min(1, 'is empty (give the path of a PEM file)')
    .transform((path, ctx): PemRead & { ok: true } => {
      const absolute = resolve(context.baseDir, path);
      const read = readPemFile(absolute, kind, context.readFile);
      if (read.ok) return read;
      const where = isAbsolute(path) ? '' : ` (read as ${absolute})`;
      ctx.addIssue({ code: 'custom', message: `"${path}" ${read.reason}${where}` });
      return z.NEVER;
    });
}

type Raw = Record<string, unknown>;
const asRecord = (value: unknown): Raw | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;

// Runs even when fields have problems (zod skips refinements then), so one start shows all.
function checkTls(pd: unknown, ctx: z.RefinementCtx): void {
  const tls = asRecord(asRecord(pd)?.tls);
  if (tls === undefined) return;
  const given = (key: string) => tls[key] !== undefined;
  if (given('cert') !== given('key')) {
    const missing = given('cert') ? 'key' : 'cert';
    ctx.addIssue({
      code: 'custom',
      path: ['tls', missing],
      message: 'is missing: cert and key go together (the client certificate and its private key)',
    });
  }
  const endpoints = asRecord(pd)?.endpoints;
  if (Array.isArray(endpoints)) {
    endpoints.forEach((url: unknown, index) => {
      if (typeof url === 'string' && /^http:\/\//i.test(url)) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints', index],
          message: `"${url}" is plain http, but tls is set: use https:// (TLS applies to every endpoint)`,
        });
      }
    });
  }
  const cert = tls.cert as PemRead | undefined;
  const key = tls.key as PemRead | undefined;
  const leaf = cert?.ok === true ? cert.certificates[0] : undefined;
  if (leaf !== undefined && key?.ok === true && key.key !== undefined && !leaf.checkPrivateKey(key.key)) {
    ctx.addIssue({
      code: 'custom',
      path: ['tls', 'key'],
      message: `does not match the certificate in cert ("${leaf.subject.replaceAll('\n', ', ')}"): is it the key of another certificate?`,
    });
  }
}

function cluster(context: ClustersFileContext) {
  return strictObject({
    name: z
      .string()
      .regex(
        CLUSTER_NAME,
        'a cluster name is 1–32 lowercase letters, digits or "-", starting with a letter (e.g. prod-east)',
      ),
    description: z.string().optional(),
    production: z.boolean({
      error: (issue) =>
        issue.input === undefined
          ? 'is missing (true or false: production clusters are marked in every message)'
          : undefined,
    }),
    default_for_channels: slackIdList('channel').default([]),
    pd: strictObject({
      endpoints: z.array(endpoint).min(1, 'is empty: list at least one PD URL, e.g. http://pd-0:2379'),
      tls: strictObject({
        ca: pemFile('ca', context).optional(),
        cert: pemFile('cert', context).optional(),
        key: pemFile('key', context).optional(),
      })
        // Only for a truly empty mapping: an unknown key (`cacert:`) is already reported as such.
        .refine((tls) => Object.keys(tls).length > 0, {
          error: 'is empty: give ca, and cert with key for mutual TLS; or remove tls',
          when: (payload) => payload.issues.length === 0,
        })
        .optional(),
      connect_timeout_ms: millis.optional(),
      timeout_ms: millis.optional(),
    }).superRefine(checkTls, { when: () => true }),
  }).transform((c): CheckedCluster => {
    const tls = c.pd.tls;
    return {
      config: {
        name: c.name,
        ...(c.description !== undefined && { description: c.description }),
        production: c.production,
        defaultForChannels: c.default_for_channels,
        pd: {
          endpoints: c.pd.endpoints,
          ...(tls !== undefined && {
            tls: {
              ...(tls.ca !== undefined && { ca: tls.ca.file }),
              ...(tls.cert !== undefined && { cert: tls.cert.file }),
              ...(tls.key !== undefined && { key: tls.key.file }),
            },
          }),
          connectTimeoutMs: c.pd.connect_timeout_ms ?? context.defaultTimeouts.connectTimeoutMs,
          responseTimeoutMs: c.pd.timeout_ms ?? context.defaultTimeouts.responseTimeoutMs,
        },
      },
      certificates: [
        ...(tls?.ca !== undefined ? [{ field: 'ca' as const, certificates: tls.ca.certificates }] : []),
        ...(tls?.cert !== undefined ? [{ field: 'cert' as const, certificates: tls.cert.certificates }] : []),
      ],
    };
  });
}

/** Where each value was first seen, for "already used by clusters[0]" messages. */
function firstSeen() {
  const seen = new Map<string, string>();
  return (value: string, owner: string): string | undefined => {
    const first = seen.get(value);
    if (first === undefined) seen.set(value, owner);
    return first;
  };
}

function endpointKey(url: string): string {
  if (!URL.canParse(url)) return url;
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

// Runs on the raw list (zod skips refinements when an entry has problems), so one start shows all.
function checkAcrossClusters(clusters: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(clusters)) return;
  const names = firstSeen();
  const channels = firstSeen();
  const endpoints = firstSeen();
  clusters.forEach((raw: unknown, index) => {
    // A checked entry is already transformed; an entry with problems is still the file's mapping.
    const entry = asRecord(raw);
    const checked = entry?.config as ClusterConfig | undefined;
    const name = checked?.name ?? entry?.name;
    const label = typeof name === 'string' ? `"${name}" (clusters[${index}])` : `clusters[${index}]`;
    if (typeof name === 'string') {
      const first = names(name, `clusters[${index}]`);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `"${name}" is already the name of ${first}; cluster names must be unique`,
        });
      }
    }
    const channelList = checked?.defaultForChannels ?? entry?.default_for_channels;
    if (Array.isArray(channelList)) {
      channelList.forEach((channel: unknown, position) => {
        if (typeof channel !== 'string') return;
        const first = channels(channel.trim(), label);
        if (first === undefined) return;
        ctx.addIssue({
          code: 'custom',
          path: [index, 'default_for_channels', position],
          message: `"${channel.trim()}" is already the default channel of cluster ${first}; a channel has at most one default cluster`,
        });
      });
    }
    const urls = checked?.pd.endpoints ?? asRecord(entry?.pd)?.endpoints;
    if (Array.isArray(urls)) {
      urls.forEach((url: unknown, position) => {
        if (typeof url !== 'string') return;
        const first = endpoints(endpointKey(url.trim()), label);
        if (first === undefined) return;
        ctx.addIssue({
          code: 'custom',
          path: [index, 'pd', 'endpoints', position],
          message: `"${url.trim()}" is already an endpoint of cluster ${first}; one PD must not answer to two names`,
        });
      });
    }
  });
}

/**
 * zod schema for CLUSTERS_FILE version 1, in the file's snake_case. TLS files are read and parsed
 * while checking, so a missing or mismatched file is reported at its line like any other problem.
 */
export function buildClustersFileSchema(context: ClustersFileContext) {
  return strictObject({
    version: versionOne,
    clusters: z
      .array(cluster(context))
      .min(1, 'is empty: name at least one cluster')
      .superRefine(checkAcrossClusters, { when: () => true }),
  }).transform((file) => file.clusters);
}
