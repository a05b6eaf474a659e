/**
 * Redshift COPY of one batch from an S3 manifest.
 *
 * The batch files use Spade's loading encoding: fields separated by TAB, rows by LF, an empty
 * field is NULL, and a backslash precedes every `\`, TAB, LF and CR inside a value (the
 * character itself follows, not a letter). The options below make those values land unchanged:
 *
 * - MANIFEST: FROM names a manifest listing exactly the batch's files (all mandatory), not a
 *   prefix that could pick up other objects.
 * - GZIP: the files are gzip (several members per file are fine).
 * - DELIMITER '\t': fields are TAB-separated (Redshift's default is '|').
 * - ESCAPE: a backslash makes the next character literal, so escaped `\`, TAB, LF and CR are
 *   kept as data and the backslash is dropped — exactly the inverse of the writer's escaping.
 * - EMPTYASNULL: an empty varchar field is NULL, as it is for every other type already (and as
 *   NULL '' does in the PostgreSQL path); the encoding has no empty string distinct from NULL,
 *   as the original had none.
 * - TRUNCATECOLUMNS: a varchar value longer than its column is cut to the column's length
 *   instead of failing the whole batch — the original's behaviour (Spade never checked
 *   lengths; Redshift truncated). The one deliberate exception to "values land unchanged".
 * - ACCEPTINVCHARS '?': a safety net only — values are valid UTF-8 (JSON decoding already
 *   replaced invalid bytes with U+FFFD) — so one bad byte cannot fail a whole batch.
 * - REGION: the bucket's region, when the cluster may be elsewhere.
 *
 * Left out on purpose: REMOVEQUOTES (values are not quoted; it would strip real quotes),
 * TRIMBLANKS / BLANKSASNULL (would change values with spaces), FILLRECORD (every row has every
 * column; a short row is a bug and should fail), ROUNDEC (no DECIMAL columns), TIMEFORMAT
 * (timestamps are written 'YYYY-MM-DD HH:MI:SS[.fff]', Redshift's default, which takes
 * fractional seconds), COMPUPDATE / STATUPDATE (defaults: analyse only a still-empty table).
 * NULL AS stays at its default '\N': a data value `\N` is written `\\N`, so a raw field
 * never reads `\N` (assuming Redshift, like PostgreSQL, compares the raw field — not verified
 * on a cluster).
 */
import type { Dialect } from './dialect';
import { qualifiedName, quoteIdentifier } from './identifiers';
import { withHeader } from './sqlText';

export type RedshiftCredentials =
  | { iamRole: string }
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export interface RedshiftCopyTarget {
  schema: string;
  table: string;
  columns: readonly string[];
}

export interface RedshiftCopySource {
  manifestUrl: string;
  credentials: RedshiftCredentials;
  region?: string;
}

const DIALECT: Dialect = 'redshift';

/** The manifest Redshift reads: every listed file must exist, or the COPY fails. */
export function manifestJson(urls: readonly string[]): string {
  return JSON.stringify({ entries: urls.map((url) => ({ url, mandatory: true })) });
}

/** COPY takes no bind parameters, so these values become string literals. Refuse anything that
 * could end or bend one instead of escaping it, and never echo the value. */
function literal(value: string, what: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x27 /* ' */ || code === 0x5c /* \ */) {
      throw new Error(`${what} contains a character that cannot go into a SQL literal`);
    }
  }
  if (value === '') throw new Error(`${what} is empty`);
  return `'${value}'`;
}

function credentialClause(credentials: RedshiftCredentials): string {
  if ('iamRole' in credentials) {
    if (!credentials.iamRole.startsWith('arn:')) throw new Error('the Redshift IAM role must be an ARN (arn:aws:iam::…:role/…)');
    return `IAM_ROLE ${literal(credentials.iamRole, 'the Redshift IAM role')}`;
  }
  const clauses = [
    `ACCESS_KEY_ID ${literal(credentials.accessKeyId, 'the Redshift access key id')}`,
    `SECRET_ACCESS_KEY ${literal(credentials.secretAccessKey, 'the Redshift secret access key')}`,
  ];
  if (credentials.sessionToken) clauses.push(`SESSION_TOKEN ${literal(credentials.sessionToken, 'the Redshift session token')}`);
  return clauses.join('\n');
}

export function redshiftCopySql(target: RedshiftCopyTarget, source: RedshiftCopySource): string {
  const table = qualifiedName(DIALECT, target.schema, target.table);
  if (target.columns.length === 0) throw new Error(`COPY into ${table} needs at least one column`);
  const columns = target.columns.map((column) => quoteIdentifier(column, DIALECT, 'column')).join(', ');
  if (!source.manifestUrl.startsWith('s3://')) throw new Error('the manifest URL must be an s3:// URL');
  const lines = [
    `COPY ${table} (${columns})`,
    `FROM ${literal(source.manifestUrl, 'the manifest URL')}`,
    credentialClause(source.credentials),
    'MANIFEST',
    'GZIP',
    "DELIMITER '\\t'",
    'ESCAPE',
    'EMPTYASNULL',
    'TRUNCATECOLUMNS',
    "ACCEPTINVCHARS '?'",
  ];
  if (source.region) lines.push(`REGION ${literal(source.region, 'the S3 region')}`);
  return withHeader(
    {
      does: `load one batch into ${table} from the gzip TSV files of an S3 manifest.`,
      steps: 'read every manifest entry, gunzip, split rows on LF and fields on TAB, undo backslash escapes, empty field = NULL.',
      inputs: 'none (COPY takes no parameters: manifest URL and credentials are literals).',
      returns: 'nothing; pg_last_copy_count() then gives the rows loaded.',
    },
    lines.join('\n'),
  );
}

/** The secret parts of credentials, for redaction. */
export function credentialSecrets(credentials: RedshiftCredentials): string[] {
  if ('iamRole' in credentials) return [];
  return [credentials.secretAccessKey, credentials.sessionToken ?? ''].filter((secret) => secret !== '');
}

/** Text with every secret replaced by ****: for errors and logs about a COPY. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length > 0) redacted = redacted.split(secret).join('****');
  }
  return redacted;
}

export const LAST_COPY_COUNT_SQL = withHeader(
  { does: 'read how many rows the last COPY of this session loaded.', inputs: 'none.', returns: 'one row: rows.' },
  'SELECT pg_last_copy_count() AS rows',
);
