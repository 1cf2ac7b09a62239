/** Multi-row inserts within the engines' limits. */

/** Rows per insert statement, at most. */
const MAX_ROWS_PER_STATEMENT = 500;
/** Bound parameters per statement, at most: below SQLite's 32,766 (and PostgreSQL's 65,535). */
const MAX_PARAMETERS = 30_000;

/** The rows in slices that one insert statement each can take. */
export function chunks<T>(rows: readonly T[], columns: number): T[][] {
	const size = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns)));
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
	return out;
}

/** Column count of a row shape, for chunking (every row of a table has all its columns). */
export function columnsOf(row: object | undefined): number {
	return row ? Object.keys(row).length : 1;
}
