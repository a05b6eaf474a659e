/**
 * describeSettings: every setting with its variable, meaning, default and current value, for
 * `spade config`. Secrets are shown as **** when set; URLs lose their password.
 */
import { maskUrlPassword } from './checks';
import { Masking, SETTING_DEFINITIONS } from './definitions';
import { Settings, valueAt } from './settings';

export interface SettingDescription {
  /** Dotted name, also the key path in the JSON config file. */
  name: string;
  env: string;
  doc: string;
  default: string | number;
  value: string | number;
}

export const MASK = '****';

export function maskValue(value: string | number, masking: Masking = 'none'): string | number {
  if (typeof value !== 'string' || value === '') return value;
  if (masking === 'secret') return MASK;
  if (masking === 'url') return maskUrlPassword(value);
  return value;
}

export function describeSettings(settings: Settings): SettingDescription[] {
  return SETTING_DEFINITIONS.map((definition) => ({
    name: definition.path,
    env: definition.env,
    doc: definition.doc,
    default: maskValue(definition.default, definition.masking),
    value: maskValue(valueAt(settings, definition.path) as string | number, definition.masking),
  }));
}

/**
 * The same listing straight from the environment, without validation: what `spade config` shows
 * when the settings do not load, beside the problems.
 */
export function describeEnvironment(env: Record<string, string | undefined>): SettingDescription[] {
  return SETTING_DEFINITIONS.map((definition) => ({
    name: definition.path,
    env: definition.env,
    doc: definition.doc,
    default: maskValue(definition.default, definition.masking),
    value: maskValue(env[definition.env] ?? definition.default, definition.masking),
  }));
}
