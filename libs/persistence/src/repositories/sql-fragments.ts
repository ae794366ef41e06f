/**
 * A timestamptz column as text in the format `Date.prototype.toISOString` writes (UTC,
 * milliseconds, `Z`), for reads that hand timestamps on as text: pg would otherwise parse each
 * into a Date only for the api to format it back. The SQL function `iso_timestamp` (migration
 * 1763900012000, for stored generated columns) writes the same.
 */
export function isoTimestamp(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * The condition "case `c` has the user `userParam` as a member", as the member's case ids first and
 * then the cases by primary key: written as an EXISTS semi-join, the planner hashed the member's
 * rows and scanned every case of the municipality.
 */
export function memberOf(userParam: string): string {
  return `c.id = ANY (ARRAY(SELECT cm.case_id FROM case_members cm WHERE cm.user_id = ${userParam}))`;
}

/**
 * How `jsonObject` writes a value: `text` escaped as a JSON string (any text); `token` between
 * quotes as it is, for values whose text needs no escaping (uuids, dates, `isoTimestamp`s);
 * `literal` as it is, for numbers, booleans and JSON text (built by these helpers, or kept written
 * as JSON in a column such as `cases.child_name_json`). SQL null is `null` in every case.
 */
export type JsonValueKind = 'text' | 'token' | 'literal';

/**
 * A JSON object as SQL text concatenation, `fields` in order: `[key, expression, kind]`.
 * PostgreSQL's `json_build_object` looks up how to write each argument's type on every call: for
 * the overview's 27 rows of ten fields, writing the JSON took 140–150 µs of the statement's
 * 380–450 µs of CPU that way and 80–95 µs of 340–380 µs this way (bench:api's database,
 * docs/bench.md). Its text is also compact (`"a":1`, not `"a" : 1`).
 */
export function jsonObject(fields: readonly (readonly [key: string, expression: string, kind: JsonValueKind])[]): string {
  const parts = fields.map(([key, expression, kind], i) => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) throw new Error(`jsonObject: unsupported key ${JSON.stringify(key)}`);
    const value = kind === 'text' ? `to_json(${expression})::text` : kind === 'token' ? `'"' || (${expression}) || '"'` : `(${expression})::text`;
    return `'${i === 0 ? '{' : ','}"${key}":' || coalesce(${value}, 'null')`;
  });
  return `(${parts.length === 0 ? `'{'` : parts.join(' || ')} || '}')`;
}

/** A JSON array of `element` (a `jsonObject`) over the rows of an aggregate query, in `orderBy`; `[]` for none. */
export function jsonArray(element: string, orderBy: string): string {
  return `('[' || coalesce(string_agg(${element}, ',' ORDER BY ${orderBy}), '') || ']')`;
}
