// Part of the embedded database's thread (pglite-worker.mjs): plain JavaScript, as the worker is.

/** fs functions that change no file: the cached answers stay valid across them. */
const CHANGES_NOTHING = new Set([
  'fstatSync',
  'readSync',
  'readvSync',
  'statSync',
  'lstatSync',
  'existsSync',
  'accessSync',
  'readdirSync',
  'readFileSync',
  'readlinkSync',
  'realpathSync',
]);

/**
 * Makes `fsModule.fstatSync(fd)` answer from a cache until the next call of `fsModule` or
 * `fsModule.promises` that may change a file, and returns a function that undoes it.
 *
 * Why: PGlite runs PostgreSQL on Emscripten's NODEFS, which answers PostgreSQL's
 * `lseek(fd, 0, SEEK_END)` (how it learns a relation's length, for every table and index a
 * statement reads) with `fs.fstatSync`: 31 calls for one overview, each a system call and a new
 * `Stats` with four `Date`s. In `bench:api` 98 % of them are answered from here (the cache is
 * cleared about once per 13 overviews, by the audit log's writes), and the database thread spends
 * 32–47 µs (4–6 %) less CPU per overview request (docs/bench.md, fourteenth session).
 *
 * Sound because on this thread the data files change only through calls of `fsModule`, which all
 * clear the cache: a synchronous one before and after it runs, an asynchronous one when it starts
 * and when it settles; and no other thread or process writes PGlite's directory (PGlite is one
 * process; the api's own thread never opens it). A `FileHandle`'s own methods are not seen: nothing
 * on this thread uses one.
 */
export function cacheFileStatus(fsModule) {
  const cached = new Map();
  const clear = () => cached.clear();
  const originals = [];
  const replace = (target, name, replacement) => {
    const original = target[name];
    originals.push([target, name, original]);
    // What hangs on the function stays (`fs.realpath.native`, the custom promisified `fs.exists`).
    for (const key of Reflect.ownKeys(original)) {
      if (key !== 'length' && key !== 'name' && key !== 'prototype') Object.defineProperty(replacement, key, Object.getOwnPropertyDescriptor(original, key));
    }
    target[name] = replacement;
  };

  const fstatSync = fsModule.fstatSync;
  replace(fsModule, 'fstatSync', function (fd, options) {
    // Options (bigint, throwIfNoEntry) ask for another answer than the one kept.
    if (options !== undefined) return fstatSync.call(this, fd, options);
    let status = cached.get(fd);
    if (status === undefined) {
      status = fstatSync.call(this, fd);
      cached.set(fd, status);
    }
    return status;
  });

  for (const [name, original] of Object.entries(fsModule)) {
    if (CHANGES_NOTHING.has(name) || typeof original !== 'function' || /^[A-Z]/.test(name)) continue;
    replace(fsModule, name, function (...args) {
      clear();
      const callback = args[args.length - 1];
      if (typeof callback === 'function' && !name.endsWith('Sync')) {
        args[args.length - 1] = function (...results) {
          clear();
          return callback.apply(this, results);
        };
      }
      try {
        return original.apply(this, args);
      } finally {
        clear();
      }
    });
  }

  for (const [name, original] of Object.entries(fsModule.promises ?? {})) {
    if (typeof original !== 'function' || /^[A-Z]/.test(name)) continue;
    replace(fsModule.promises, name, function (...args) {
      clear();
      const settled = original.apply(this, args);
      return settled instanceof Promise ? settled.finally(clear) : settled;
    });
  }

  return () => {
    for (const [target, name, original] of originals.reverse()) target[name] = original;
    clear();
  };
}
