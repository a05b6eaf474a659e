/** The two warehouses Spade loads. PostgreSQL stands in for Redshift locally and in tests. */
export type Dialect = 'postgres' | 'redshift';

export const DIALECTS: readonly Dialect[] = ['postgres', 'redshift'];

export function assertDialect(dialect: string): asserts dialect is Dialect {
  if (dialect !== 'postgres' && dialect !== 'redshift') {
    throw new Error(`unknown warehouse dialect ${JSON.stringify(dialect)} (postgres or redshift)`);
  }
}
