#!/usr/bin/env node
// npm run bench:api [-- --quick] [-- --pglite] [-- --cpu-prof] [-- --only=overview|timeline|cases|teamleader] [-- --keep-database]
// autocannon against GET /api/overview (the caseworker, and the team leader: the web app's first
// page and the whole department), GET
// /api/cases/:id/timeline and GET /api/cases (the case list, which the web app loads as it starts,
// for the notification bell's case names), with a municipality loaded straight into a fresh
// database (all its cases in one department, so the team leader's overview lists all 5,000 and
// counts the department's follow-ups): the app runs once (migrations + demo seed), stops, the rows
// are bulk-inserted with generate_series, and the app starts again. The audit log is on (it always
// is: every request below writes an audit entry).
import autocannon from 'autocannon';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topSelfTime } from '../lib/cpuprofile-top.mjs';
import { cpuTimeMs, loadAverage, pinSelf, systemCpu } from '../lib/proc.mjs';
import { DEFAULT_PG, api, createDatabase, login, pgliteDataDir, samraadMain, startSamraad, withSql } from '../lib/samraad.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '..', 'results');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const usePglite = args.includes('--pglite');
/** Profiles the api process (the figures of a profiled run are not comparable with an unprofiled one). */
const cpuProf = args.includes('--cpu-prof');
/** Leaves the loaded database (PostgreSQL's, or PGlite's directory) in place for EXPLAIN ANALYZE; remove it yourself. */
const keepDatabase = args.includes('--keep-database');
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? null;
const SIZE = quick ? { caseworkers: 20, cases: 500, meetings: 5, observations: 10, seconds: 5 } : { caseworkers: 200, cases: 5000, meetings: 20, observations: 50, seconds: 20 };
const CONNECTIONS = 50;
/** A team leader's overview covers the whole department: a few of them at once, not fifty. */
const TEAM_LEADER_CONNECTIONS = 5;
/** The page the web app's team overview asks for first (TEAM_PAGE_SIZE in OverviewPage.tsx). */
const TEAM_PAGE_SIZE = 100;
const log = (...parts) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

/** The municipality: caseworkers, cases (each owned by one caseworker, the demo one included), meetings, follow-ups, observations. */
async function loadMunicipality(sql) {
  const [demo] = await sql(`SELECT id, municipality_id, organisation_id, password_hash FROM users WHERE email = 'caseworker@samraad.example'`);
  const [school] = await sql(`SELECT id, organisation_id FROM users WHERE email = 'school@samraad.example'`);
  const t0 = Date.now();
  await sql(
    `INSERT INTO users (municipality_id, organisation_id, email, display_name, role, password_hash)
     SELECT $1, $2, 'bench-caseworker-' || g || '@samraad.example', 'Sagsbehandler ' || g, 'caseworker', $3
     FROM generate_series(1, $4::int - 1) g`,
    [demo.municipality_id, demo.organisation_id, demo.password_hash, SIZE.caseworkers],
  );
  // Caseworker k owns cases k, k + n, ...; k = 0 is the demo caseworker we log in as.
  await sql(
    `CREATE TEMP TABLE bench_workers AS
     SELECT row_number() OVER (ORDER BY (email <> 'caseworker@samraad.example'), email) - 1 AS k, id FROM users WHERE role = 'caseworker'`,
  );
  await sql(
    `INSERT INTO cases (municipality_id, organisation_id, owner_id, child_name, child_birth_year, follow_up_interval_months, next_follow_up_date, last_follow_up_date, created_at)
     SELECT $1, $2, w.id, 'Barn ' || g, 2008 + g % 15, 3, current_date + (g % 90), current_date - (g % 60), now() - interval '5 years'
     FROM generate_series(0, $3::int - 1) g JOIN bench_workers w ON w.k = g % $4::int`,
    [demo.municipality_id, demo.organisation_id, SIZE.cases, SIZE.caseworkers],
  );
  await sql(`CREATE TEMP TABLE bench_cases AS SELECT id, owner_id, child_name FROM cases WHERE child_name LIKE 'Barn %'`);
  await sql(`INSERT INTO case_members (case_id, user_id, role, added_by) SELECT id, owner_id, 'caseworker', owner_id FROM bench_cases`);
  await sql(`INSERT INTO case_members (case_id, user_id, role, added_by) SELECT id, $1, 'school', owner_id FROM bench_cases WHERE abs(hashtext(id::text)) % 4 = 0`, [school.id]);
  // Meetings: all but the last held (concluded, three months apart), the last one planned.
  await sql(
    `INSERT INTO meetings (case_id, title, starts_at, duration_minutes, status, next_follow_up_date, responsible_user_id, started_at, concluded_at, concluded_by, created_by)
     SELECT c.id, 'Opfølgningsmøde ' || m,
            CASE WHEN m = $1::int THEN now() + interval '14 days' ELSE now() - ($1::int - m) * interval '91 days' END, 60,
            CASE WHEN m = $1::int THEN 'planned' ELSE 'concluded' END,
            CASE WHEN m = $1::int THEN NULL ELSE (now() - ($1::int - m - 1) * interval '91 days')::date END,
            CASE WHEN m = $1::int THEN NULL ELSE c.owner_id END,
            CASE WHEN m = $1::int THEN NULL ELSE now() - ($1::int - m) * interval '91 days' END,
            CASE WHEN m = $1::int THEN NULL ELSE now() - ($1::int - m) * interval '91 days' + interval '1 hour' END,
            CASE WHEN m = $1::int THEN NULL ELSE c.owner_id END,
            c.owner_id
     FROM bench_cases c, generate_series(1, $1::int) m`,
    [SIZE.meetings],
  );
  // Before each planned meeting the caseworker asks the school for a status statement: on a
  // quarter of the cases a teacher, one of a hundred, is a member and has an open request, due a
  // week before the meeting, for a third of them a day overdue (chosen by the child's name, so that
  // every load has the same ones; the demo school user is asked for none).
  await sql(
    `INSERT INTO users (municipality_id, organisation_id, email, display_name, role, password_hash)
     SELECT $1, $2, 'bench-teacher-' || g || '@samraad.example', 'Lærer ' || g, 'school', $3 FROM generate_series(0, 99) g`,
    [demo.municipality_id, school.organisation_id, demo.password_hash],
  );
  await sql(
    `INSERT INTO case_members (case_id, user_id, role, added_by)
     SELECT c.id, t.id, 'school', c.owner_id FROM bench_cases c
     JOIN users t ON t.email = 'bench-teacher-' || (abs(hashtext(c.child_name)) / 4 % 100) || '@samraad.example'
     WHERE abs(hashtext(c.child_name)) % 4 = 1`,
  );
  await sql(
    `INSERT INTO statement_requests (case_id, meeting_id, requested_from, requested_by, due_date)
     SELECT m.case_id, m.id, cm.user_id, c.owner_id, CASE WHEN abs(hashtext(c.child_name)) / 400 % 3 = 0 THEN current_date - 1 ELSE current_date + 7 END
     FROM meetings m JOIN bench_cases c ON c.id = m.case_id JOIN case_members cm ON cm.case_id = c.id AND cm.role = 'school' AND cm.user_id <> $1
     WHERE m.status = 'planned'`,
    [school.id],
  );
  await sql(
    `INSERT INTO follow_ups (case_id, meeting_id, due_date, held_on, on_time)
     SELECT m.case_id, m.id, m.starts_at::date + (abs(hashtext(m.id::text)) % 7 - 3), m.starts_at::date, abs(hashtext(m.id::text)) % 7 >= 3
     FROM meetings m JOIN bench_cases c ON c.id = m.case_id WHERE m.status = 'concluded'`,
  );
  await sql(
    `INSERT INTO observations (case_id, author_id, observed_on, area, kind, text, needs_follow_up, acknowledged_by, acknowledged_at)
     SELECT c.id, c.owner_id, current_date - o * 7,
            (ARRAY['school','leisure','daily_routines','home','health','friendships'])[1 + o % 6],
            (ARRAY['resource','concern','neutral'])[1 + o % 3],
            'Iagttagelse ' || o || ': barnet deltog i frikvarteret og talte med to klassekammerater.',
            o % 3 = 1,
            CASE WHEN o % 3 = 1 AND o > 2 THEN c.owner_id END,
            CASE WHEN o % 3 = 1 AND o > 2 THEN now() - o * interval '6 days' END
     FROM bench_cases c, generate_series(1, $1::int) o`,
    [SIZE.observations],
  );
  // Two status statements per held meeting (the school's and the health visitor's, as the demo
  // school user here), submitted the day before it, one in four late; shared with the members.
  await sql(
    `INSERT INTO statements (case_id, meeting_id, author_id, author_organisation_id, goal_entries, free_text, reviewed_with_family, shared_with_members, submitted_at, submitted_late)
     SELECT m.case_id, m.id, $1, $2, '[]'::jsonb,
            'Udtalelse ' || s || ': barnet møder stabilt, deltager i undervisningen og har fået en fast voksen i frikvartererne.',
            true, true, m.starts_at - interval '1 day' + s * interval '1 minute', abs(hashtext(m.id::text || s)) % 4 = 0
     FROM meetings m JOIN bench_cases c ON c.id = m.case_id, generate_series(1, 2) s WHERE m.status = 'concluded'`,
    [school.id, school.organisation_id],
  );
  // What autovacuum does soon after a bulk load in a default PostgreSQL (statistics, and the
  // visibility map that index-only scans read); this machine's server has autovacuum off.
  await sql('VACUUM ANALYZE');
  const [counts] = await sql(
    `SELECT (SELECT count(*) FROM users WHERE role = 'caseworker')::int AS caseworkers, (SELECT count(*) FROM cases)::int AS cases,
            (SELECT count(*) FROM meetings)::int AS meetings, (SELECT count(*) FROM observations)::int AS observations, (SELECT count(*) FROM follow_ups)::int AS follow_ups,
            (SELECT count(*) FROM statements)::int AS statements, (SELECT count(*) FROM statement_requests)::int AS "openRequests"`,
  );
  return { ...counts, loadMs: Date.now() - t0 };
}

async function cannon(url, token, title, pids, connections = CONNECTIONS) {
  // A short warm-up so that JIT and caches are in the state a running server has.
  await autocannon({ url, connections: 10, duration: 2, headers: { authorization: `Bearer ${token}` } });
  const cpu0 = pids().reduce((s, pid) => s + cpuTimeMs(pid), 0);
  const node0 = cpuTimeMs(pids()[0]);
  const gen0 = process.cpuUsage();
  const sys0 = systemCpu();
  const t0 = performance.now();
  const from = Number(process.hrtime.bigint() / 1000n);
  const result = await autocannon({ url, connections, duration: SIZE.seconds, headers: { authorization: `Bearer ${token}` } });
  const wallMs = performance.now() - t0;
  const window = { from, to: Number(process.hrtime.bigint() / 1000n) };
  const serverCpuMs = pids().reduce((s, pid) => s + cpuTimeMs(pid), 0) - cpu0;
  const nodeCpuMs = cpuTimeMs(pids()[0]) - node0;
  const gen = process.cpuUsage(gen0);
  const sys1 = systemCpu();
  const generatorCpuMs = (gen.user + gen.system) / 1000;
  const out = {
    title,
    connections,
    durationS: SIZE.seconds,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverCores: serverCpuMs / wallMs,
    /** The api process alone (pinned to one core); the rest of serverCores is PostgreSQL. */
    nodeCores: nodeCpuMs / wallMs,
    serverCpuUsPerRequest: result.requests.total ? (serverCpuMs * 1000) / result.requests.total : null,
    generatorCores: generatorCpuMs / wallMs,
    otherCores: Math.max(0, (sys1.busyMs - sys0.busyMs - serverCpuMs - generatorCpuMs) / wallMs),
    /** The monotonic-clock window of the measured run (µs), for the profile. */
    window,
  };
  log(`${title}: ${out.requestsPerSecond.toFixed(0)} req/s, p50 ${out.latencyMs.p50} ms, p99 ${out.latencyMs.p99} ms, non-2xx ${out.non2xx}, server ${(out.serverCores * 100).toFixed(0)}% of a core (api process ${(out.nodeCores * 100).toFixed(0)}%, the rest PostgreSQL), ${out.serverCpuUsPerRequest?.toFixed(0)} µs server CPU per request, generator ${(out.generatorCores * 100).toFixed(0)}%, other load ${out.otherCores.toFixed(2)} cores`);
  return out;
}

async function main() {
  const started = Date.now();
  pinSelf();
  samraadMain();
  const database = usePglite ? { dataDir: await pgliteDataDir() } : await createDatabase(process.env.DATABASE_URL || DEFAULT_PG, 'samraad_bench_api');
  log(`database: ${usePglite ? `PGlite in ${database.dataDir}` : `PostgreSQL database ${database.name}`}; size ${JSON.stringify(SIZE)}`);
  let server = null;
  const profileDir = cpuProf ? mkdtempSync(join(tmpdir(), 'samraad-api-cpuprof-')) : null;
  try {
    // Migrations and the demo seed (a no-op for the PGlite template, which has them).
    server = await startSamraad({ database });
    await server.stop();
    server = null;
    const counts = await withSql(database, loadMunicipality);
    log(`loaded ${JSON.stringify(counts)}`);
    server = await startSamraad({ database, nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
    const token = await login(server.url);
    const overview = await api(server.url, token, 'GET', '/overview');
    const mine = await api(server.url, token, 'GET', '/cases');
    const loaded = mine.find((c) => c.childName?.startsWith('Barn '));
    if (!loaded) throw new Error('the caseworker has no loaded case');
    const timeline = await api(server.url, token, 'GET', `/cases/${loaded.id}/timeline`);
    const withRequests = Array.isArray(overview?.cases) ? overview.cases.filter((c) => c.openStatementRequests > 0).length : '?';
    log(`overview shows ${Array.isArray(overview?.cases) ? overview.cases.length : '?'} cases (${withRequests} with an open statement request); timeline of one case has ${Array.isArray(timeline) ? timeline.length : '?'} entries`);
    const pids = () => server.cpuPids();
    const results = [];
    if (!only || only === 'overview') results.push(await cannon(`${server.url}/api/overview`, token, 'GET /api/overview (caseworker)', pids));
    if (!only || only === 'timeline') results.push(await cannon(`${server.url}/api/cases/${loaded.id}/timeline`, token, 'GET /api/cases/:id/timeline', pids));
    if (!only || only === 'cases') results.push(await cannon(`${server.url}/api/cases`, token, 'GET /api/cases (caseworker)', pids));
    if (!only || only === 'teamleader') {
      const leaderToken = await login(server.url, 'teamleader');
      const team = await api(server.url, leaderToken, 'GET', '/overview');
      log(`the team leader's overview shows ${team?.cases?.length ?? '?'} cases, on time ${team?.team?.onTime} of ${team?.team?.total}`);
      // The web app asks for the first page (apps/web/src/pages/OverviewPage.tsx); the whole list is what an api client gets without a limit.
      results.push(await cannon(`${server.url}/api/overview?limit=${TEAM_PAGE_SIZE}`, leaderToken, `GET /api/overview?limit=${TEAM_PAGE_SIZE} (team leader)`, pids, TEAM_LEADER_CONNECTIONS));
      results.push(await cannon(`${server.url}/api/overview`, leaderToken, `GET /api/overview (team leader)`, pids, TEAM_LEADER_CONNECTIONS));
    }
    if (profileDir) {
      // The profile is written when the process exits.
      await server.stop();
      server = null;
      const name = readdirSync(profileDir).find((file) => file.endsWith('.cpuprofile'));
      for (const r of results) {
        r.profile = name ? { file: join(profileDir, name), top: topSelfTime(join(profileDir, name), 25, r.window) } : null;
        if (!r.profile) continue;
        log(`profile of ${r.title} (${r.profile.file}), self time, ${r.profile.top.totalMs.toFixed(0)} ms busy:`);
        for (const row of [...r.profile.top.modules.map((m) => ({ ...m, function: `[${m.module}]` })), ...r.profile.top.rows]) log(`${row.percent.toFixed(1).padStart(5)}%  ${row.function}`);
      }
    }
    const report = {
      benchmark: 'api',
      mode: quick ? 'quick' : 'full',
      profiled: cpuProf,
      command: `npm run bench:api${args.length ? ` -- ${args.join(' ')}` : ''}`,
      startedAt: new Date(started).toISOString(),
      database: usePglite ? 'pglite' : 'postgresql',
      size: SIZE,
      loaded: counts,
      overviewCases: Array.isArray(overview?.cases) ? overview.cases.length : null,
      timelineEntries: Array.isArray(timeline) ? timeline.length : null,
      machine: { loadAverageAtEnd: loadAverage() },
      results,
    };
    console.log('');
    console.log('endpoint                                    req/s    p50 ms   p99 ms   non-2xx  server cores  api cores  µs/request  other cores');
    for (const r of results) {
      console.log(
        `${r.title.padEnd(42)} ${r.requestsPerSecond.toFixed(0).padStart(6)} ${String(r.latencyMs.p50).padStart(9)} ${String(r.latencyMs.p99).padStart(8)} ${String(r.non2xx).padStart(9)} ${r.serverCores.toFixed(2).padStart(13)} ${r.nodeCores.toFixed(2).padStart(10)} ${r.serverCpuUsPerRequest?.toFixed(0).padStart(11)} ${r.otherCores.toFixed(2).padStart(12)}`,
      );
    }
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `api-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2));
    // Quick, partial or profiled runs do not replace the latest full figures.
    const complete = !quick && !only && !cpuProf;
    // One latest file per back end: a PGlite run does not replace PostgreSQL's figures.
    const latest = usePglite ? 'api-pglite-latest.json' : 'api-latest.json';
    if (complete) copyFileSync(file, join(RESULTS, latest));
    log(`results: ${file}${complete ? ` (and bench/results/${latest})` : ''}`);
  } finally {
    await server?.stop();
    if (keepDatabase) log(`kept the database: ${database.url ?? database.dataDir}`);
    else if (database.drop) await database.drop();
    else if (database.dataDir) rmSync(database.dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
