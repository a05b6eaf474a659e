/**
 * The Kubernetes manifests in deploy/kubernetes, checked without a cluster: every manifest is
 * validated against the Kubernetes (and KEDA) schemas of kubernetes-models, and what the pods
 * would run is checked against the project's settings schema, command table and queue keys.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { QueueKeys } from 'bullmq';
import { parseAllDocuments } from 'yaml';
import { assertDashboardSettings, DRAIN_TIMEOUT_LIMIT_MS, loadSettings, SETTING_DEFINITIONS, type Settings } from '@spade/config';
import { PARSE_QUEUE } from '@spade/queues';
import { COMMAND_NAMES } from '../apps/cli/src/main';
import { unknownFieldProblems } from './support/kubernetesFields';

const ROOT = join(__dirname, '..');
const DEPLOY = join(ROOT, 'deploy', 'kubernetes');
const VALIDATOR = join(__dirname, 'support', 'kubernetesSchemas.mjs');

/** Manifests are untyped YAML: read through `any`; the tests say what they expect of them. */
type Manifest = any;

interface ManifestFile {
  path: string;
  manifests: Manifest[];
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function readManifests(path: string): Manifest[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
    return document.toJS();
  }).filter((manifest) => manifest !== null);
}

/** Validation results of kubernetesSchemas.mjs, one per manifest. */
function validateWithSchemas(manifests: Manifest[]): Array<{ kind: string; name: string; error: string | null }> {
  const run = spawnSync(process.execPath, [VALIDATOR], { input: JSON.stringify(manifests), encoding: 'utf8', cwd: ROOT, timeout: 30_000 });
  if (run.status !== 0) throw new Error(`schema validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const FILES: ManifestFile[] = yamlFiles(DEPLOY)
  .filter((path) => !path.endsWith('kustomization.yaml'))
  .map((path) => ({ path: relative(DEPLOY, path), manifests: readManifests(path) }));
const ALL = FILES.flatMap((file) => file.manifests);
const find = (kind: string, name: string): Manifest => {
  const found = ALL.filter((manifest) => manifest.kind === kind && manifest.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
};

const CONFIG_MAP = find('ConfigMap', 'spade-config');
const SECRET = find('Secret', 'spade-secrets');
/** What every pod's environment holds (both are referenced with envFrom). */
const POD_ENV: Record<string, string> = { ...CONFIG_MAP.data, ...SECRET.stringData };
const SETTINGS: Settings = loadSettings(POD_ENV);
const KNOWN_SETTINGS = new Set(SETTING_DEFINITIONS.map((definition) => definition.env));
/** Credentials and the URLs that can carry a password: never in a ConfigMap. */
const SECRET_SETTINGS = [
  'SPADE_REDIS_URL',
  'SPADE_S3_ENDPOINT',
  'SPADE_S3_ACCESS_KEY_ID',
  'SPADE_S3_SECRET_ACCESS_KEY',
  'SPADE_WAREHOUSE_URL',
  'SPADE_REDSHIFT_ACCESS_KEY_ID',
  'SPADE_REDSHIFT_SECRET_ACCESS_KEY',
  'SPADE_DASHBOARD_USER',
  'SPADE_DASHBOARD_PASSWORD',
  'SPADE_DASHBOARD_READONLY_USER',
  'SPADE_DASHBOARD_READONLY_PASSWORD',
];

const APPS: Record<string, { command: string; replicas: number; port: string }> = {
  'spade-scheduler': { command: 'scheduler', replicas: 1, port: 'SPADE_METRICS_PORT' },
  'spade-parser': { command: 'parser', replicas: 3, port: 'SPADE_METRICS_PORT' },
  'spade-writer': { command: 'writer', replicas: 2, port: 'SPADE_METRICS_PORT' },
  'spade-dashboard': { command: 'dashboard', replicas: 1, port: 'SPADE_DASHBOARD_PORT' },
};
/** [deployment, command, replicas, port setting] for it.each tables. */
const APP_ROWS = Object.entries(APPS).map(([name, app]) => [name, app.command, app.replicas, app.port] as const);
const container = (deployment: string): Manifest => find('Deployment', deployment).spec.template.spec.containers[0];

/** A probe's port as a number: named ports resolve through the container's ports. */
function probePort(workload: Manifest, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return workload.ports?.find((candidate: Manifest) => candidate.name === port)?.containerPort;
}

describe('Kubernetes manifests', () => {
  describe('schemas', () => {
    it('the validator rejects a manifest that breaks the schema (it really validates)', () => {
      const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'broken' }, spec: { replicas: 'three', template: {} } };
      const [result] = validateWithSchemas([broken]);
      expect(result.error).toMatch(/replicas must be integer|must have required property 'selector'/);
    });

    it('every manifest validates against the Kubernetes and KEDA schemas', () => {
      const failures = validateWithSchemas(ALL).filter((result) => result.error !== null);
      expect(failures).toEqual([]);
    });

    it('no manifest has a field the Kubernetes or KEDA API does not know (the schemas let those pass)', () => {
      const misspelled = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'misspelled' },
        spec: { selector: {}, template: { spec: { containers: [{ name: 'c', readinesProbe: {} }] } } },
      };
      const [control, ...problems] = unknownFieldProblems([misspelled, ...ALL], ROOT);
      expect(control).toEqual([expect.stringMatching(/readinesProbe.* does not exist in type 'IContainer'/)]);
      const named = ALL.map((manifest, i) => ({ object: `${manifest.kind}/${manifest.metadata.name}`, problems: problems[i] }));
      expect(named.filter((entry) => entry.problems.length > 0)).toEqual([]);
    });

    it('holds the expected objects', () => {
      const objects = ALL.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`).sort();
      expect(objects).toEqual([
        'ConfigMap/spade-config',
        'Deployment/spade-dashboard',
        'Deployment/spade-parser',
        'Deployment/spade-scheduler',
        'Deployment/spade-writer',
        'HorizontalPodAutoscaler/spade-parser',
        'Namespace/spade',
        'PodDisruptionBudget/spade-parser',
        'PodDisruptionBudget/spade-writer',
        'ScaledObject/spade-parser',
        'Secret/spade-redis-auth',
        'Secret/spade-secrets',
        'Service/spade-dashboard',
        'TriggerAuthentication/spade-redis',
      ]);
    });
  });

  describe('settings', () => {
    it('every ConfigMap and Secret key is a known setting', () => {
      const keys = [...Object.keys(CONFIG_MAP.data), ...Object.keys(SECRET.stringData)];
      expect(keys.filter((key) => !KNOWN_SETTINGS.has(key))).toEqual([]);
    });

    it('the ConfigMap and the Secret together load as settings, the dashboard ones too', () => {
      expect(() => loadSettings(POD_ENV)).not.toThrow();
      expect(() => assertDashboardSettings(SETTINGS)).not.toThrow();
    });

    it('every masked setting counts as secret', () => {
      const masked = SETTING_DEFINITIONS.filter((definition) => (definition.masking ?? 'none') !== 'none').map((definition) => definition.env);
      expect(SECRET_SETTINGS).toEqual(expect.arrayContaining(masked));
    });

    it('no secret setting is in the ConfigMap', () => {
      expect(Object.keys(CONFIG_MAP.data).filter((key) => SECRET_SETTINGS.includes(key))).toEqual([]);
    });

    it('the Secret holds the secret settings that are set, and nothing else', () => {
      expect(Object.keys(SECRET.stringData).sort()).toEqual(['SPADE_DASHBOARD_PASSWORD', 'SPADE_DASHBOARD_USER', 'SPADE_REDIS_URL', 'SPADE_WAREHOUSE_URL']);
    });

    it('the Secret holds placeholders, not credentials', () => {
      expect(new URL(SECRET.stringData.SPADE_REDIS_URL).password).toBe('CHANGE_ME');
      expect(new URL(SECRET.stringData.SPADE_WAREHOUSE_URL).password).toBe('CHANGE_ME');
      expect(SECRET.stringData.SPADE_DASHBOARD_PASSWORD).toBe('CHANGE_ME');
    });
  });

  describe('deployments', () => {
    it.each(APP_ROWS)('%s runs `spade %s`, a real sub-command, from the one image', (name, command) => {
      expect(container(name).args).toEqual([command]);
      expect(COMMAND_NAMES).toContain(command);
      expect(container(name).image).toBe('spade:0.1.0');
    });

    it.each(APP_ROWS)('%s (%s) has %i replicas in the base', (name, _command, replicas) => {
      expect(find('Deployment', name).spec.replicas).toBe(replicas);
    });

    it.each(Object.keys(APPS))('%s selects its own pods', (name) => {
      const spec = find('Deployment', name).spec;
      expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
      expect(spec.selector.matchLabels['app.kubernetes.io/component']).toBe(APPS[name].command);
    });

    it.each(Object.keys(APPS))('%s reads the ConfigMap and the Secret', (name) => {
      expect(container(name).envFrom).toEqual([{ configMapRef: { name: 'spade-config' } }, { secretRef: { name: 'spade-secrets' } }]);
    });

    it.each(APP_ROWS.map(([name, , , port]) => [name, port]))('%s probes /healthz (liveness) and /readyz (readiness) on %s', (name, portSetting) => {
      const workload = container(name);
      const expectedPort = Number(POD_ENV[portSetting] ?? SETTING_DEFINITIONS.find((definition) => definition.env === portSetting)?.default);
      expect(workload.livenessProbe.httpGet.path).toBe('/healthz');
      expect(workload.readinessProbe.httpGet.path).toBe('/readyz');
      expect(probePort(workload, workload.livenessProbe.httpGet.port)).toBe(expectedPort);
      expect(probePort(workload, workload.readinessProbe.httpGet.port)).toBe(expectedPort);
    });

    it('the workers listen on port 9464 and the dashboard on 3000 (the settings as configured)', () => {
      expect([SETTINGS.metrics.port, SETTINGS.dashboard.port]).toEqual([9464, 3000]);
    });

    it.each(['spade-scheduler', 'spade-parser', 'spade-writer'])('%s is scraped by Prometheus on the ops port', (name) => {
      const annotations = find('Deployment', name).spec.template.metadata.annotations;
      expect(annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(SETTINGS.metrics.port), 'prometheus.io/path': '/metrics' });
    });

    it.each(Object.keys(APPS))('%s gets longer to stop than SPADE_DRAIN_TIMEOUT_MS', (name) => {
      const graceSeconds = find('Deployment', name).spec.template.spec.terminationGracePeriodSeconds;
      expect(SETTINGS.drainTimeoutMs).toBe(20000);
      expect(graceSeconds * 1000).toBeGreaterThan(SETTINGS.drainTimeoutMs);
      expect(graceSeconds * 1000).toBeGreaterThanOrEqual(DRAIN_TIMEOUT_LIMIT_MS); // any valid drain timeout fits
    });

    it.each(Object.keys(APPS))('%s requests CPU and memory and limits memory', (name) => {
      const { requests, limits } = container(name).resources;
      expect(requests).toEqual({ cpu: expect.any(String), memory: expect.stringMatching(/^\d+(Mi|Gi)$/) });
      expect(limits.memory).toMatch(/^\d+(Mi|Gi)$/);
    });

    it.each(Object.keys(APPS))('%s runs as the image user, unprivileged, on a read-only root', (name) => {
      const pod = find('Deployment', name).spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container(name).securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container(name).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    });
  });

  describe('disruption budgets and the dashboard service', () => {
    it.each(['spade-parser', 'spade-writer'])('%s keeps all but one pod through voluntary disruptions', (name) => {
      const budget = find('PodDisruptionBudget', name);
      expect(budget.spec.maxUnavailable).toBe(1);
      expect(find('Deployment', name).spec.template.metadata.labels).toMatchObject(budget.spec.selector.matchLabels);
    });

    it('the Service reaches the dashboard pods on their http port', () => {
      const service = find('Service', 'spade-dashboard');
      expect(find('Deployment', 'spade-dashboard').spec.template.metadata.labels).toMatchObject(service.spec.selector);
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
      expect(probePort(container('spade-dashboard'), 'http')).toBe(SETTINGS.dashboard.port);
    });
  });

  describe('KEDA', () => {
    const scaledObject = find('ScaledObject', 'spade-parser');
    const [trigger] = scaledObject.spec.triggers;
    const redisUrl = new URL(SETTINGS.redis.url);

    it('scales the parser Deployment, never to zero', () => {
      expect(scaledObject.spec.scaleTargetRef).toEqual({ name: 'spade-parser' });
      expect(scaledObject.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(scaledObject.spec.maxReplicaCount).toBeGreaterThan(scaledObject.spec.minReplicaCount);
    });

    it('watches the wait list of the parse queue under the ConfigMap prefix: {spade}:parse:wait', () => {
      expect(scaledObject.spec.triggers).toHaveLength(1);
      expect(trigger.type).toBe('redis');
      expect(SETTINGS.queues.prefix).toBe('{spade}');
      expect(trigger.metadata.listName).toBe('{spade}:parse:wait');
      expect(trigger.metadata.listName).toBe(new QueueKeys(SETTINGS.queues.prefix).getKeys(PARSE_QUEUE).wait);
      expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
    });

    it('connects to the Redis of SPADE_REDIS_URL: address, database, TLS', () => {
      expect(trigger.metadata.address).toBe(`${redisUrl.hostname}:${redisUrl.port || '6379'}`);
      expect(trigger.metadata.databaseIndex).toBe(redisUrl.pathname.replace('/', '') || '0');
      expect(trigger.metadata.enableTLS).toBe(String(redisUrl.protocol === 'rediss:'));
    });

    it('authenticates with the password of SPADE_REDIS_URL through a TriggerAuthentication', () => {
      const authentication = find('TriggerAuthentication', trigger.authenticationRef.name);
      const [ref] = authentication.spec.secretTargetRef;
      expect(ref.parameter).toBe('password');
      expect(find('Secret', ref.name).stringData[ref.key]).toBe(decodeURIComponent(redisUrl.password));
    });
  });

  describe('HPA alternative', () => {
    const hpa = find('HorizontalPodAutoscaler', 'spade-parser');

    it('scales the parser Deployment on CPU utilization (relative to its CPU request)', () => {
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'spade-parser' });
      expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
      expect(container('spade-parser').resources.requests.cpu).toBe('1');
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(1);
    });
  });

  describe('kustomizations', () => {
    const kustomization = (dir: string): Manifest => readManifests(join(DEPLOY, dir, 'kustomization.yaml'))[0];

    it('the base lists every manifest file in its folder, in the namespace spade', () => {
      const base = kustomization('base');
      const files = FILES.filter((file) => file.path.startsWith('base/')).map((file) => file.path.slice('base/'.length));
      expect([...base.resources].sort()).toEqual(files.sort());
      expect(base.namespace).toBe('spade');
      expect(find('Namespace', 'spade')).toBeDefined();
    });

    it.each([
      ['keda', 'parser-scaledobject.yaml'],
      ['hpa', 'parser-hpa.yaml'],
    ])('%s adds %s to the base and hands the parser count to the autoscaler', (dir, file) => {
      const overlay = kustomization(dir);
      expect(overlay.resources).toEqual(['../base', file]);
      expect(overlay.namespace).toBe('spade');
      expect(overlay.patches).toEqual([{ target: { kind: 'Deployment', name: 'spade-parser' }, patch: '- op: remove\n  path: /spec/replicas' }]);
      expect(FILES.map((candidate) => candidate.path)).toContain(`${dir}/${file}`);
    });

    it('the KEDA and HPA autoscalers live in different overlays (never both on the parsers)', () => {
      const keda = FILES.filter((file) => file.manifests.some((manifest) => manifest.kind === 'ScaledObject')).map((file) => file.path);
      const hpa = FILES.filter((file) => file.manifests.some((manifest) => manifest.kind === 'HorizontalPodAutoscaler')).map((file) => file.path);
      expect([keda, hpa]).toEqual([['keda/parser-scaledobject.yaml'], ['hpa/parser-hpa.yaml']]);
    });
  });
});
