import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

export const MANIFEST_DIR = fileURLToPath(new URL('../../deploy/kubernetes/', import.meta.url));

/** The kinds deploy/kubernetes may hold, each with the model that validates it. */
export const MODELS = {
  'apps/v1/Deployment': Deployment,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
} as const;

export interface Manifest {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  // Parsed YAML: shapes are checked by the models' validate(), fields read by the tests.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  readonly body: any;
}

export interface ManifestSet {
  readonly manifests: readonly Manifest[];
  /** YAML syntax problems, as `file: message`. */
  readonly yamlErrors: readonly string[];
  /** kustomization.yaml's resources. */
  readonly kustomizeResources: readonly string[];
  readonly files: readonly string[];
}

/** Every YAML document under deploy/kubernetes (kustomization.yaml apart), parsed as kubectl would. */
export function loadManifests(dir = MANIFEST_DIR): ManifestSet {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const manifests: Manifest[] = [];
  const yamlErrors: string[] = [];
  let kustomizeResources: string[] = [];
  for (const file of files) {
    // YAML 1.1, as kubectl's parser: `0440` is octal and `yes` a boolean there.
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'), { version: '1.1' });
    for (const doc of docs) {
      for (const error of doc.errors) yamlErrors.push(`${file}: ${error.message}`);
      const body = doc.toJS() as Record<string, unknown> | null;
      if (body === null) continue;
      if (file === 'kustomization.yaml') {
        kustomizeResources = (body.resources as string[] | undefined) ?? [];
        continue;
      }
      const metadata = body.metadata as { name?: string } | undefined;
      manifests.push({
        file,
        apiVersion: String(body.apiVersion),
        kind: String(body.kind),
        name: String(metadata?.name),
        body,
      });
    }
  }
  return { manifests, yamlErrors, kustomizeResources, files };
}

export function one(set: ManifestSet, kind: string, name?: string): Manifest {
  const found = set.manifests.filter((m) => m.kind === kind && (name === undefined || m.name === name));
  if (found.length !== 1)
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as Manifest;
}
