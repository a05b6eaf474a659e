/**
 * Every statement this package runs starts with a header comment saying what it does, in steps,
 * its inputs and what it returns, so it can be read in pg_stat_activity / STL_QUERY and logs.
 */
export interface StatementHeader {
  does: string;
  steps?: string;
  inputs: string;
  returns: string;
}

export function withHeader(header: StatementHeader, body: string): string {
  const lines = [`-- spade: ${header.does}`];
  if (header.steps) lines.push(`-- Steps: ${header.steps}`);
  lines.push(`-- Inputs: ${header.inputs}`, `-- Returns: ${header.returns}`);
  for (const line of lines) {
    if (line.includes('\n') || line.includes('\r')) throw new Error('a SQL header line must be one line');
  }
  return `${lines.join('\n')}\n${body}`;
}

/** "$1, $2, ..., $n" starting at `first`. */
export function placeholders(count: number, first = 1): string {
  const list: string[] = [];
  for (let i = 0; i < count; i++) list.push(`$${first + i}`);
  return list.join(', ');
}
