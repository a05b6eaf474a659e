/**
 * The convict schema, built from SETTING_DEFINITIONS. Each setting gets its own named format so
 * convict both coerces its env text (integers strictly) and validates it with the same check
 * loadSettings uses.
 */
import convict from 'convict';
import { coerceInteger } from './checks';
import { SETTING_DEFINITIONS, SettingDefinition } from './definitions';

type SchemaNode = { [key: string]: SchemaNode | convict.SchemaObj };

function formatName(definition: SettingDefinition): string {
  return `spade.${definition.path}`;
}

function registerFormat(definition: SettingDefinition): void {
  convict.addFormat({
    name: formatName(definition),
    validate(value: unknown) {
      const problem = definition.check(value);
      if (problem !== null) throw new Error(problem);
    },
    // convict calls coerce for string values only (env text, strings in the config file).
    coerce: definition.integer ? coerceInteger : (value: unknown) => value,
  });
}

function buildSchema(): SchemaNode {
  const root: SchemaNode = {};
  for (const definition of SETTING_DEFINITIONS) {
    registerFormat(definition);
    const keys = definition.path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as SchemaNode;
    }
    node[keys[keys.length - 1]] = {
      doc: definition.doc,
      format: formatName(definition),
      default: definition.default,
      env: definition.env,
      sensitive: definition.masking === 'secret',
    };
  }
  return root;
}

/** The schema object handed to convict (also useful to print or export the documentation). */
export const SETTINGS_SCHEMA: SchemaNode = buildSchema();
