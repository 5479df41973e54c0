// duckdb.mjs runs one SQL query with DuckDB (@duckdb/node-api) and prints
// the rows as JSON. Usage: node duckdb.mjs 'SQL'
import { DuckDBInstance } from '@duckdb/node-api';

const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
const c = await db.connect();
const r = await c.runAndReadAll(process.argv[2]);
console.log(JSON.stringify(r.getRowObjectsJson()));
