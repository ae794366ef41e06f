export interface DiffLine {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** Beyond this many cells the diff falls back to "all removed, all added" rather than use much memory. */
const MAX_CELLS = 4_000_000;

/** A line diff (longest common subsequence), for comparing two versions' Markdown. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common head and tail: versions of one document differ in few places.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((text): DiffLine => ({ op: 'same', text }));
  const tail = a.slice(endA).map((text): DiffLine => ({ op: 'same', text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    return [...head, ...midA.map((text): DiffLine => ({ op: 'removed', text })), ...midB.map((text): DiffLine => ({ op: 'added', text })), ...tail];
  }
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const middle: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (midA[i] === midB[j]) {
      middle.push({ op: 'same', text: midA[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) middle.push({ op: 'removed', text: midA[i++]! });
    else middle.push({ op: 'added', text: midB[j++]! });
  }
  while (i < n) middle.push({ op: 'removed', text: midA[i++]! });
  while (j < m) middle.push({ op: 'added', text: midB[j++]! });
  return [...head, ...middle, ...tail];
}
