import { DefaultQueryExecutor } from 'kysely';

/**
 * Counts every statement sent through Kysely in this process, by its shape (whitespace collapsed, parameters as `?`,
 * cut to `width` characters): pg_stat_statements is not loaded on this machine's Postgres. Statements inside a
 * transaction count too; BEGIN/COMMIT are not Kysely queries. Patches the executor once, when called.
 */
export function countStatements(width: number): Map<string, number> {
  const statements = new Map<string, number>();
  const proto = DefaultQueryExecutor.prototype as unknown as { executeQuery: (q: { sql: string }, id: unknown) => Promise<unknown> };
  const original = proto.executeQuery;
  proto.executeQuery = function (this: unknown, q, id) {
    const shape = q.sql.replace(/\s+/g, ' ').replace(/\$\d+/g, '?').slice(0, width);
    statements.set(shape, (statements.get(shape) ?? 0) + 1);
    return original.call(this, q, id);
  };
  return statements;
}
