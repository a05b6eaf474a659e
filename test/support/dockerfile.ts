/**
 * A Dockerfile read into its build stages and instructions, for tests without a Docker engine:
 * comments and blank lines dropped, `\` continuations joined, `${ARG}` in FROM resolved from the
 * global ARG defaults.
 */
import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  args: string;
}

export interface Stage {
  name: string;
  /** Base image with global ARGs resolved. */
  from: string;
  instructions: Instruction[];
}

export function readDockerfile(path: string): Stage[] {
  const instructions = joinLines(readFileSync(path, 'utf8'));
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      const from = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string, bare: string) => globalArgs.get(braced ?? bare) ?? '');
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : String(stages.length), from, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [key, value = ''] = instruction.args.split('=', 2);
        globalArgs.set(key.trim(), value.trim());
      }
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

function joinLines(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === '')) continue;
    const continued = trimmed.endsWith('\\');
    pending += `${pending === '' ? '' : ' '}${continued ? trimmed.slice(0, -1).trim() : trimmed}`;
    if (continued) continue;
    const space = pending.search(/\s/);
    instructions.push(space < 0 ? { keyword: pending.toUpperCase(), args: '' } : { keyword: pending.slice(0, space).toUpperCase(), args: pending.slice(space + 1).trim() });
    pending = '';
  }
  return instructions;
}

/** `ENV A=1 B=2` pairs of a stage (values without spaces or quotes, as this project writes them). */
export function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const { args } of stage.instructions.filter((instruction) => instruction.keyword === 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at > 0) env.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  return env;
}

/** The JSON array of an exec-form instruction (ENTRYPOINT/CMD), or null for the shell form. */
export function execForm(instruction: Instruction | undefined): string[] | null {
  if (!instruction || !instruction.args.startsWith('[')) return null;
  return JSON.parse(instruction.args) as string[];
}
