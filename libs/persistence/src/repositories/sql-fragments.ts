/**
 * A timestamptz column as text in the format `Date.prototype.toISOString` writes (UTC,
 * milliseconds, `Z`), for reads that hand timestamps on as text: pg would otherwise parse each
 * into a Date only for the api to format it back.
 */
export function isoTimestamp(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
