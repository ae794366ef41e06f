// Preloaded into the servers and the generator by `bench:collab -- --trace-loop`
// (NODE_OPTIONS=--require): every 250 ms, the largest event-loop delay of the interval and the
// garbage collector's pauses by kind, appended to $BENCH_LOOP_TRACE_DIR/<pid>-<threadId>.jsonl.
// Worker threads (PGlite's) write their own file. Nothing is written without the variable.
const dir = process.env.BENCH_LOOP_TRACE_DIR;
if (dir) {
  const { monitorEventLoopDelay, PerformanceObserver, constants } = require('node:perf_hooks');
  const { appendFileSync } = require('node:fs');
  const { threadId } = require('node:worker_threads');
  const file = `${dir}/${process.pid}-${threadId}.jsonl`;
  // The default 10 ms timer: a 1 ms one would wake each thread a thousand times a second.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const emptyGc = () => ({ minor: 0, major: 0, incremental: 0, weak: 0, maxFullPause: 0 });
  let gc = emptyGc();
  const kinds = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental' };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = kinds[entry.detail?.kind] ?? 'weak';
      gc[kind] += entry.duration;
      if (kind === 'major' && entry.duration > gc.maxFullPause) gc.maxFullPause = entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  const lines = [];
  const flush = () => {
    if (lines.length) appendFileSync(file, lines.splice(0).join('\n') + '\n');
  };
  setInterval(() => {
    lines.push(JSON.stringify({ t: Date.now(), delayMaxMs: delay.max / 1e6, gc }));
    delay.reset();
    gc = emptyGc();
    if (lines.length >= 20) flush();
  }, 250).unref();
  process.on('exit', flush);
}
