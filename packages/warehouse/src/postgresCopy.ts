/**
 * PostgreSQL COPY of one batch: the gzip TSV file streams from S3 through gunzip into
 * COPY ... FROM STDIN, with nothing buffered beyond the streams' own chunks.
 *
 * FORMAT text reads the loading encoding as written: TAB between fields, LF between rows,
 * backslash followed by the literal `\`, TAB, LF or CR for those characters in a value; NULL ''
 * makes an empty field NULL (the encoding's NULL, and Redshift's EMPTYASNULL).
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { qualifiedName, quoteIdentifier } from './identifiers';
import { withHeader } from './sqlText';

const DIALECT = 'postgres';

export function postgresCopySql(schema: string, table: string, columns: readonly string[]): string {
  const name = qualifiedName(DIALECT, schema, table);
  if (columns.length === 0) throw new Error(`COPY into ${name} needs at least one column`);
  const list = columns.map((column) => quoteIdentifier(column, DIALECT, 'column')).join(', ');
  return withHeader(
    {
      does: `load one batch into ${name} from the client's stream.`,
      steps: 'read TSV rows (the gunzipped batch file), undo backslash escapes, empty field = NULL.',
      inputs: 'the COPY data stream.',
      returns: 'the command tag COPY <rows>.',
    },
    `COPY ${name} (${list}) FROM STDIN (FORMAT text, NULL '')`,
  );
}

/** Streams the gzip file into COPY; resolves with the rows PostgreSQL loaded. */
export async function copyGzipStream(client: ClientBase, sql: string, gzipFile: Readable): Promise<number> {
  const copy = client.query(copyFrom(sql));
  await pipeline(gzipFile, createGunzip(), copy);
  return copy.rowCount;
}
