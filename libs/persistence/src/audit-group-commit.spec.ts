/** Unit tier: the group commit of audit entries, with the database write mocked. */
import { describe, expect, it } from '@jest/globals';
import { AuditGroupCommit } from './audit-group-commit.js';

/** A writer whose writes finish only when the test says so. */
function controlledWriter() {
  const writes: { entries: string[]; finish: (error?: Error) => void }[] = [];
  const write = (entries: string[]) =>
    new Promise<void>((resolve, reject) => {
      writes.push({ entries, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { writes, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AuditGroupCommit', () => {
  it('writes the entries of one turn together, and those arriving during a write in the next one', async () => {
    const { writes, write } = controlledWriter();
    const group = new AuditGroupCommit(write);
    const settled: string[] = [];
    const append = (entry: string) => group.append(entry).then(() => settled.push(entry));

    const first = [append('a'), append('b')];
    await turn();
    expect(writes.map((w) => w.entries)).toEqual([['a', 'b']]);
    const later = [append('c'), append('d'), append('e')];
    await turn();
    // One write at a time: c, d and e wait for a and b to commit.
    expect(writes).toHaveLength(1);
    expect(settled).toEqual([]);

    writes[0]!.finish();
    await Promise.all(first);
    expect(settled).toEqual(['a', 'b']);
    await turn();
    expect(writes.map((w) => w.entries)).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    expect(settled).toEqual(['a', 'b']);
    writes[1]!.finish();
    await Promise.all(later);
    expect(settled).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('fails every caller of a failed write, and goes on writing the entries after it', async () => {
    const { writes, write } = controlledWriter();
    const group = new AuditGroupCommit(write);
    const failed = [group.append('a'), group.append('b')];
    await turn();
    const next = group.append('c');
    writes[0]!.finish(new Error('database down'));
    for (const promise of failed) await expect(promise).rejects.toThrow('database down');
    await turn();
    expect(writes.map((w) => w.entries)).toEqual([['a', 'b'], ['c']]);
    writes[1]!.finish();
    await expect(next).resolves.toBeUndefined();
  });

  it('splits a long queue into writes of at most maxGroup entries, in order', async () => {
    const written: string[][] = [];
    const group = new AuditGroupCommit(async (entries: string[]) => void written.push(entries), 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((entry) => group.append(entry)));
    expect(written).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('starts a new write for an entry that comes after all earlier ones are written', async () => {
    const written: string[][] = [];
    const group = new AuditGroupCommit(async (entries: string[]) => void written.push(entries));
    await group.append('a');
    await group.append('b');
    expect(written).toEqual([['a'], ['b']]);
  });
});
