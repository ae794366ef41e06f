/**
 * A timestamptz column as text in the format `Date.prototype.toISOString` writes (UTC,
 * milliseconds, `Z`), for reads that hand timestamps on as text: pg would otherwise parse each
 * into a Date only for the api to format it back.
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
