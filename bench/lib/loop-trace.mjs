// Reads the traces of bench/lib/loop-trace-preload.cjs and lines them up with a run's p99 by second.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<pid>-<thread>.jsonl` of `dir` as an array of 250 ms samples (empty when there is none). */
export function readTrace(dir, pid, thread = 0) {
  const file = join(dir, `${pid}-${thread}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The samples that cover [from, to): each sample reports the 250 ms before its timestamp. */
function within(samples, from, to) {
  return samples.filter((s) => s.t > from && s.t <= to + 250);
}

const largest = (samples, pick) => samples.reduce((max, s) => Math.max(max, pick(s)), 0);

/**
 * A run's slow seconds (p99 over twice the median second's) and what held them up: the server's
 * event loop, the generator's (by at least half that second's p99), or neither; with the largest
 * full-collection pause of the server's api thread in each, and its full-collection time over the run.
 */
export function slowSeconds(run, traces) {
  const start = run.startedAtEpochMs;
  const perSecond = run.p99BySecond.filter((p99) => p99 !== null);
  if (!start || perSecond.length === 0) return null;
  const median = [...perSecond].sort((a, b) => a - b)[Math.floor(perSecond.length / 2)];
  const seconds = [];
  run.p99BySecond.forEach((p99, second) => {
    if (p99 === null || p99 <= 2 * median) return;
    const from = start + second * 1000;
    const server = within(traces.server, from, from + 1000);
    const database = within(traces.database, from, from + 1000);
    const generator = within(traces.generator, from, from + 1000);
    seconds.push({
      second,
      p99,
      serverDelayMs: largest(server, (s) => s.delayMaxMs),
      serverFullGcPauseMs: largest(server, (s) => s.gc.maxFullPause),
      databaseDelayMs: largest(database, (s) => s.delayMaxMs),
      generatorDelayMs: largest(generator, (s) => s.delayMaxMs),
    });
  });
  const held = (s, key) => s[key] >= s.p99 / 2;
  const during = within(traces.server, start, start + run.wallMs);
  return {
    seconds: run.p99BySecond.length,
    medianSecondP99: median,
    slow: seconds.length,
    heldByServer: seconds.filter((s) => held(s, 'serverDelayMs')).length,
    heldByGenerator: seconds.filter((s) => held(s, 'generatorDelayMs')).length,
    heldByNeither: seconds.filter((s) => !held(s, 'serverDelayMs') && !held(s, 'generatorDelayMs')).length,
    serverFullGcMs: during.reduce((sum, s) => sum + s.gc.major, 0),
    serverLargestFullGcPauseMs: largest(during, (s) => s.gc.maxFullPause),
    slowSeconds: seconds,
  };
}
