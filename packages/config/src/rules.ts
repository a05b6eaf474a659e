/**
 * Rules between settings, checked once every single setting is valid.
 */
import { SettingProblem, SettingsError } from './errors';
import type { Settings } from './settings';

function problem(env: string, message: string): SettingProblem {
  return { env, message };
}

/** Both halves of a credential pair, or neither. */
function pairProblems(first: [string, string], second: [string, string]): SettingProblem[] {
  const [firstEnv, firstValue] = first;
  const [secondEnv, secondValue] = second;
  if (firstValue !== '' && secondValue === '') return [problem(secondEnv, `${secondEnv} is required when ${firstEnv} is set`)];
  if (firstValue === '' && secondValue !== '') return [problem(firstEnv, `${firstEnv} is required when ${secondEnv} is set`)];
  return [];
}

function redshiftCredentialProblems(settings: Settings): SettingProblem[] {
  if (settings.warehouse.dialect !== 'redshift') return [];
  const { iamRole, accessKeyId, secretAccessKey } = settings.redshift;
  const pair = pairProblems(
    ['SPADE_REDSHIFT_ACCESS_KEY_ID', accessKeyId],
    ['SPADE_REDSHIFT_SECRET_ACCESS_KEY', secretAccessKey],
  );
  if (pair.length > 0) return pair;
  const hasKeys = accessKeyId !== '';
  if (iamRole === '' && !hasKeys) {
    return [problem('SPADE_REDSHIFT_IAM_ROLE',
      'SPADE_WAREHOUSE_DIALECT redshift needs SPADE_REDSHIFT_IAM_ROLE or both SPADE_REDSHIFT_ACCESS_KEY_ID and SPADE_REDSHIFT_SECRET_ACCESS_KEY')];
  }
  if (iamRole !== '' && hasKeys) {
    return [problem('SPADE_REDSHIFT_IAM_ROLE',
      'SPADE_REDSHIFT_IAM_ROLE and SPADE_REDSHIFT_ACCESS_KEY_ID are both set; set only one way for Redshift to read S3')];
  }
  return [];
}

/** Batches, rejects and non-tracked files under the input prefix would be picked up as edge logs. */
function prefixProblems(settings: Settings): SettingProblem[] {
  const input = settings.s3.inputPrefix;
  const others: [string, string][] = [
    ['SPADE_OUTPUT_PREFIX', settings.s3.outputPrefix],
    ['SPADE_REJECTS_PREFIX', settings.s3.rejectsPrefix],
    ['SPADE_NONTRACKED_PREFIX', settings.s3.nontrackedPrefix],
  ];
  const problems: SettingProblem[] = [];
  for (const [env, prefix] of others) {
    if (prefix.startsWith(input) || input.startsWith(prefix)) {
      problems.push(problem(env,
        `${env} ("${prefix}") overlaps SPADE_INPUT_PREFIX ("${input}"): the scheduler would read its own output`));
    }
  }
  return problems;
}

function sizeProblems(settings: Settings): SettingProblem[] {
  if (settings.parser.partMaxBytes <= settings.writer.batchMaxBytes) return [];
  return [problem('SPADE_PART_MAX_BYTES',
    `SPADE_PART_MAX_BYTES (${settings.parser.partMaxBytes}) must not exceed SPADE_BATCH_MAX_BYTES (${settings.writer.batchMaxBytes})`)];
}

export function crossSettingProblems(settings: Settings): SettingProblem[] {
  return [
    ...redshiftCredentialProblems(settings),
    ...pairProblems(['SPADE_S3_ACCESS_KEY_ID', settings.s3.accessKeyId], ['SPADE_S3_SECRET_ACCESS_KEY', settings.s3.secretAccessKey]),
    ...pairProblems(
      ['SPADE_DASHBOARD_READONLY_USER', settings.dashboard.readonlyUser],
      ['SPADE_DASHBOARD_READONLY_PASSWORD', settings.dashboard.readonlyPassword],
    ),
    ...prefixProblems(settings),
    ...sizeProblems(settings),
  ];
}

/**
 * The dashboard process calls this on start: with auth on it needs a user and a password.
 * Other processes share the same settings but have no use for dashboard credentials, so
 * loadSettings does not demand them.
 */
export function dashboardSettingsProblems(settings: Settings): SettingProblem[] {
  if (settings.dashboard.auth === 'off') return [];
  const problems: SettingProblem[] = [];
  if (settings.dashboard.user === '') {
    problems.push(problem('SPADE_DASHBOARD_USER', 'SPADE_DASHBOARD_USER is required when SPADE_DASHBOARD_AUTH is on'));
  }
  if (settings.dashboard.password === '') {
    problems.push(problem('SPADE_DASHBOARD_PASSWORD', 'SPADE_DASHBOARD_PASSWORD is required when SPADE_DASHBOARD_AUTH is on'));
  }
  return problems;
}

/** Throws a SettingsError naming what the dashboard is missing. */
export function assertDashboardSettings(settings: Settings): void {
  const problems = dashboardSettingsProblems(settings);
  if (problems.length > 0) throw new SettingsError(problems);
}
