import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Plain JavaScript, as the database thread that uses it (a declaration file beside it would keep
// the build from emitting it): imported by a path the type checker does not follow.
const { cacheFileStatus } = (await import('./file-status-cache.mjs' as string)) as { cacheFileStatus(fsModule: typeof fs): () => void };

describe('the file status cache of the embedded database thread', () => {
  let dir: string;
  let target: typeof fs;
  let calls: number;
  let uninstall: () => void;
  const fds: number[] = [];
  const open = (file: string): number => {
    const fd = target.openSync(join(dir, file), 'a+');
    fds.push(fd);
    return fd;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'samraad-fstat-'));
    // A copy of the module's functions, so that the test leaves the real module as it was.
    target = { ...fs, promises: { ...fs.promises } } as typeof fs;
    calls = 0;
    const fstatSync = target.fstatSync;
    target.fstatSync = ((fd: number, options?: fs.StatSyncOptions) => {
      calls++;
      return fstatSync(fd, options);
    }) as typeof fs.fstatSync;
    uninstall = cacheFileStatus(target);
  });

  afterEach(() => {
    uninstall();
    for (const fd of fds.splice(0)) fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks the system once while nothing is written', () => {
    const fd = open('a');
    target.writeSync(fd, 'hello');
    expect(target.fstatSync(fd).size).toBe(5);
    target.readSync(fd, Buffer.alloc(5), 0, 5, 0);
    expect(target.fstatSync(fd).size).toBe(5);
    expect(calls).toBe(1);
  });

  it('sees a write through another descriptor of the same file, and a truncation', () => {
    const reader = open('b');
    const writer = open('b');
    expect(target.fstatSync(reader).size).toBe(0);
    target.writeSync(writer, Buffer.alloc(8192));
    expect(target.fstatSync(reader).size).toBe(8192);
    target.ftruncateSync(writer, 100);
    expect(target.fstatSync(reader).size).toBe(100);
    target.truncateSync(join(dir, 'b'), 0);
    expect(target.fstatSync(reader).size).toBe(0);
  });

  it('does not answer for a file closed and another opened under the same number', () => {
    const first = open('c');
    target.writeSync(first, 'abc');
    expect(target.fstatSync(first).size).toBe(3);
    target.closeSync(first);
    fds.splice(fds.indexOf(first), 1);
    const second = open('d');
    expect(target.fstatSync(second).size).toBe(0);
  });

  it('sees asynchronous writes once they have finished', async () => {
    const fd = open('e');
    expect(target.fstatSync(fd).size).toBe(0);
    const sizeInCallback = await new Promise<number>((resolve, reject) =>
      target.write(fd, Buffer.alloc(10), (error) => (error ? reject(error) : resolve(target.fstatSync(fd).size))),
    );
    expect(sizeInCallback).toBe(10);
    await target.promises.appendFile(join(dir, 'e'), 'xyz');
    expect(target.fstatSync(fd).size).toBe(13);
  });

  it('keeps what hangs on the functions it wraps', async () => {
    expect(target.realpath.native).toBe(fs.realpath.native);
    const exists = promisify(target.exists);
    await expect(exists(dir)).resolves.toBe(true);
    await expect(exists(join(dir, 'missing'))).resolves.toBe(false);
  });

  it('passes options through uncached, and uninstalls', () => {
    const fd = open('f');
    expect(typeof target.fstatSync(fd, { bigint: true }).size).toBe('bigint');
    const before = calls;
    uninstall();
    target.fstatSync(fd);
    target.fstatSync(fd);
    expect(calls - before).toBe(2);
    uninstall = () => undefined;
  });
});
