// Validates Kubernetes manifests against the schemas of kubernetes-models and
// @kubernetes-models/keda. Those packages are ES modules only (their exports map has no
// "require" condition), which jest's CommonJS runtime cannot load, so tests run this file
// with node: manifests as a JSON array on stdin, one result per manifest as JSON on stdout:
// { kind, name, error } with error null when the manifest is valid.

/** The module holding the models of an apiVersion. */
function modelModule(apiVersion) {
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`; // "v1" (core) or "<group>/<version>"
}

async function validate(manifest) {
  const name = manifest?.metadata?.name ?? null;
  const kind = manifest?.kind ?? null;
  let models;
  try {
    models = await import(modelModule(String(manifest?.apiVersion)));
  } catch {
    return { kind, name, error: `no schema for apiVersion ${manifest?.apiVersion}` };
  }
  const Model = models[kind];
  if (typeof Model !== 'function') return { kind, name, error: `no schema for ${manifest?.apiVersion} ${kind}` };
  try {
    new Model(manifest).validate();
    return { kind, name, error: null };
  } catch (error) {
    return { kind, name, error: error instanceof Error ? error.message : String(error) };
  }
}

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const manifest of JSON.parse(input)) results.push(await validate(manifest));
process.stdout.write(JSON.stringify(results));
