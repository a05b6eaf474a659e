/** A setting that cannot be used, named by its environment variable. */
export interface SettingProblem {
  env: string;
  message: string;
}

/** Thrown by loadSettings; the message lists every problem, one per line. Secret values never
 * appear in it. */
export class SettingsError extends Error {
  readonly problems: readonly SettingProblem[];

  constructor(problems: readonly SettingProblem[]) {
    super(problems.map((problem) => problem.message).join('\n'));
    this.name = 'SettingsError';
    this.problems = problems;
  }
}
