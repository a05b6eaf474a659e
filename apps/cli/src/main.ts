import { runConfig } from './commands/config';

/** A `spade` sub-command: returns the process exit code. */
type Command = (args: string[]) => Promise<number>;

const USAGE = `usage: spade <command> [options]

commands:
  local [--once]       run the whole pipeline on this machine on sample data
  parse                parse edge log lines from stdin (--config FILE [--geoip-dir DIR] [--format spade|load|json])
  parse --serve PORT   answer tracking requests like the edge and show how each was parsed
  scheduler            list the input prefix and enqueue parse jobs
  parser               parse chunks into per-table parts
  writer               load batches of parts into the warehouse
  dashboard            Bull Board and the pipeline page behind a login (SPADE_DASHBOARD_*)
  status               files, rows, rejects and failures (exit 1 while anything failed)
  config               print every setting with its variable, default and value
  seed [--files N] [--lines N] [--seed N]
                       write sample edge log files for the table config into the input prefix
`;

const COMMANDS: Record<string, () => Promise<Command>> = {
  config: async () => runConfig,
  parse: async () => (await import('./commands/parse')).runParse,
  scheduler: async () => (await import('./commands/apps')).runSchedulerCommand,
  parser: async () => (await import('./commands/apps')).runParserCommand,
  writer: async () => (await import('./commands/apps')).runWriterCommand,
  dashboard: async () => (await import('./commands/apps')).runDashboardCommand,
  status: async () => (await import('./commands/status')).runStatus,
  local: async () => (await import('./commands/local')).runLocal,
  seed: async () => (await import('./commands/seed')).runSeed,
};

/** Every sub-command name (deployment files are checked against it). */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`spade: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return (await load())(args);
}
