/**
 * docker-compose.yml as Compose reads it, for tests without a Docker engine: YAML with merge
 * keys (`<<: *anchor`), then variable interpolation of every value (not keys) from a given
 * environment, as the Compose specification describes it: `$$` is a literal `$`; `${VAR}` and
 * `$VAR`; `${VAR:-default}` (unset or empty) and `${VAR-default}` (unset); `${VAR:?message}` and
 * `${VAR?message}` fail; defaults may nest. An unset variable without a default becomes "".
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Environment = Record<string, string | undefined>;

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; target?: string } | string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition?: string; required?: boolean }> | string[];
  deploy?: { replicas?: number };
  ports?: Array<string | { target: number; published?: string | number; host_ip?: string }>;
  healthcheck?: { test?: string[] | string; interval?: string; timeout?: string; retries?: number; start_period?: string };
  restart?: string;
  stop_grace_period?: string;
  init?: boolean;
  volumes?: string[];
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readComposeFile(path: string, env: Environment): ComposeFile {
  const raw = parse(readFileSync(path, 'utf8'), { merge: true }) as unknown;
  return interpolateValues(raw, env) as ComposeFile;
}

function interpolateValues(node: unknown, env: Environment): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateValues(item, env));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateValues(value, env)]));
  }
  return node;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

export function interpolate(text: string, env: Environment): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char !== '$') {
      out += char;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      out += expandBraced(text.slice(i + 2, end), env);
      i = end + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = i + 2;
      while (end < text.length && NAME_PART.test(text[end])) end++;
      out += env[text.slice(i + 1, end)] ?? '';
      i = end;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unclosed \${ in ${JSON.stringify(text)}`);
}

/** `NAME`, `NAME:-word`, `NAME-word`, `NAME:?word`, `NAME?word`. */
function expandBraced(body: string, env: Environment): string {
  let end = 0;
  while (end < body.length && NAME_PART.test(body[end])) end++;
  const name = body.slice(0, end);
  if (name === '' || !NAME_START.test(name[0])) throw new Error(`bad variable \${${body}}`);
  const value = env[name];
  const rest = body.slice(end);
  if (rest === '') return value ?? '';
  const [operator, word] = rest.startsWith(':') ? [rest.slice(0, 2), rest.slice(2)] : [rest.slice(0, 1), rest.slice(1)];
  const missing = operator.startsWith(':') ? value === undefined || value === '' : value === undefined;
  switch (operator) {
    case ':-':
    case '-':
      return missing ? interpolate(word, env) : value!;
    case ':?':
    case '?':
      if (missing) throw new Error(`${name}: ${interpolate(word, env)}`);
      return value!;
    default:
      throw new Error(`unsupported interpolation \${${body}}`);
  }
}

/** A service's environment as a map (Compose allows a map or a list of NAME=value). */
export function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

export function commandOf(service: ComposeService): string[] {
  const command = service.command ?? [];
  return typeof command === 'string' ? command.split(/\s+/).filter(Boolean) : command;
}

export function dependenciesOf(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, spec]) => [name, spec.condition ?? 'service_started']));
}

/** Compose durations: `1m30s`, `30s`, `500ms`, `2h`; returns milliseconds. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001 };
  let total = 0;
  let matched = '';
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g)) {
    total += Number(match[1]) * units[match[2]];
    matched += match[0];
  }
  if (matched !== text || matched === '') throw new Error(`not a Compose duration: ${JSON.stringify(text)}`);
  return total;
}
