// Child processes, CPU and memory readings from /proc, core pinning.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export const HAS_TASKSET = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const CORES = (() => {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length || 1;
  } catch {
    return 1;
  }
})();

/** The generator on the last core, servers on the others (on a 2-core machine: server 0, generator 1). */
export const GENERATOR_CORE = String(CORES - 1);
export const SERVER_CORES = CORES > 1 ? `0-${CORES - 2}` : '0';

/**
 * Benchmarked processes run at nice -10 when we are root, so that other work on a shared machine
 * (test suites, compilers) disturbs the measurement less. BENCH_NICE=0 turns it off.
 */
export const NICE = process.getuid?.() === 0 && process.env.BENCH_NICE !== '0' ? -10 : 0;

/** Pins this process (all its threads) to the generator core, at the benchmark priority. */
export function pinSelf() {
  if (NICE) {
    for (const task of readdirSync('/proc/self/task')) {
      try {
        execFileSync('renice', ['-n', String(NICE), '-p', task], { stdio: 'ignore' });
      } catch {
        // not permitted: run at the normal priority
      }
    }
  }
  if (!HAS_TASKSET || CORES < 2) return false;
  execFileSync('taskset', ['-a', '-p', '-c', GENERATOR_CORE, String(process.pid)], { stdio: 'ignore' });
  return true;
}

/** utime + stime of a process, in milliseconds (0 when it is gone). */
export function cpuTimeMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** utime + stime of each thread of a process, in milliseconds, by thread id (threads that ended are left out). */
export function threadCpuTimesMs(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK);
    } catch {
      // the thread ended
    }
  }
  return out;
}

export function rssKb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Busy and total jiffies of the whole machine (for "other load during the run"). */
export function systemCpu() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  const total = line.reduce((a, b) => a + b, 0);
  return { busyMs: ((total - idle) * 1000) / CLK_TCK, totalMs: (total * 1000) / CLK_TCK };
}

export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

/** PIDs of PostgreSQL backends serving `database` (their CPU belongs to the server under test). */
export function postgresBackendPids(database) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres: ') && cmd.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a server process pinned to the server cores. `ready(child, output)` is polled until it
 * returns true (or the timeout). Returns { child, pid, output(), stop() }.
 */
export async function startProcess({ name, command, args, env = {}, cwd, ready, timeoutMs = 120_000, pin = true, nodeArgs = [] }) {
  const full = command === 'node' ? [process.execPath, ...nodeArgs, ...args] : [command, ...args];
  const pinned = pin && HAS_TASKSET && CORES > 1 ? ['taskset', '-c', SERVER_CORES, ...full] : full;
  const argv = NICE ? ['nice', '-n', String(NICE), ...pinned] : pinned;
  const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`${name} exited during start-up (${JSON.stringify(exited)}):\n${output.slice(-3000)}`);
    if (await ready(output)) break;
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready in ${timeoutMs} ms:\n${output.slice(-3000)}`);
    }
    await sleep(100);
  }
  return {
    name,
    child,
    pid: child.pid,
    startupMs: Date.now() - started,
    output: () => output,
    get exited() {
      return exited;
    },
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (exited) return exited;
      child.kill(signal);
      const deadline = Date.now() + graceMs;
      while (!exited && Date.now() < deadline) await sleep(50);
      if (!exited) {
        child.kill('SIGKILL');
        while (!exited) await sleep(50);
      }
      return exited;
    },
  };
}

/** Waits for an HTTP URL to answer 200. */
export async function httpOk(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

export function fileExists(path) {
  return existsSync(path);
}
