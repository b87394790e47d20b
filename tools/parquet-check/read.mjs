// Independent reader for the tests of `daq export` (hyparquet, pure JavaScript; not the writer's library).
// Usage: node read.mjs FILE.parquet
// Prints one JSON line {"metadata": {key: value}, "columns": [...], "rows": N}, then one JSON line per row.
// 64-bit integers are printed as strings so no digit is lost; the Java test compares them as text.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const path = process.argv[2]
if (!path) {
  console.error('usage: node read.mjs FILE.parquet')
  process.exit(2)
}
const file = await asyncBufferFromFile(path)
const metadata = await parquetMetadataAsync(file)
const kv = {}
for (const { key, value } of metadata.key_value_metadata ?? []) kv[key] = value
const columns = parquetSchema(metadata).children.map(c => c.element.name)
const rows = await parquetReadObjects({ file, metadata, compressors })
const text = v => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x))
const out = [text({ metadata: kv, columns, rows: Number(metadata.num_rows) })]
for (const row of rows) out.push(text(row))
process.stdout.write(out.join('\n') + '\n')
