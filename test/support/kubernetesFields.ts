/**
 * Unknown fields in Kubernetes manifests. The schemas of kubernetes-models accept properties they
 * do not declare, so a misspelled optional field (`readinesProbe`) passes validation and is then
 * silently dropped by the API server. Their TypeScript types do declare every field: each
 * manifest becomes a typed object literal in a generated module, and TypeScript's excess-property
 * check (run by the project's own tsc) names any field the type does not have.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A manifest as parsed from YAML: apiVersion, kind and metadata are all the check needs to know. */
export interface UntypedManifest {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
}

/** The module declaring the types of an apiVersion (as in kubernetesSchemas.mjs). */
function typeModule(apiVersion: string, kind: string): string {
  const base = apiVersion.startsWith('keda.sh/') ? `@kubernetes-models/keda/${apiVersion}` : `kubernetes-models/${apiVersion}`;
  return `${base}/${kind}`;
}

/**
 * One list of problems per manifest (empty when every field is known), from one tsc run.
 * `root` is the repository: its node_modules provides the models and TypeScript.
 */
export function unknownFieldProblems(manifests: UntypedManifest[], root: string): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'spade-k8s-fields-'));
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    // Line i + 1 of the module is manifest i, so tsc's line numbers name the manifest.
    const lines = manifests.map((manifest, i) => {
      const kind = String(manifest.kind);
      return `export const m${i}: import('${typeModule(String(manifest.apiVersion), kind)}').I${kind} = ${JSON.stringify(manifest)};`;
    });
    writeFileSync(join(dir, 'manifests.mts'), `// generated\n${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['manifests.mts'],
    }));
    const run = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const problems: string[][] = manifests.map(() => []);
    for (const line of run.stdout.split('\n')) {
      const match = /manifests\.mts\((\d+),\d+\): error TS\d+: (.*)$/.exec(line.trim());
      if (match) problems[Number(match[1]) - 2]?.push(match[2]);
    }
    const unattributed = run.status !== 0 && problems.every((list) => list.length === 0);
    if (unattributed) throw new Error(`tsc failed without naming a manifest: ${run.stdout}${run.stderr}`);
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
