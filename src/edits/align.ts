/** Which lines of two sequences are the same line: a longest common subsequence, in order. */

// Past this many table cells the middle of the two sequences is left unpaired rather than risk a slow edit.
const MAX_CELLS = 1_000_000;

/**
 * For each index of `right`, the index of `left` it pairs with, or -1. Pairs come from a longest common
 * subsequence of equal lines (common first and last lines pair directly, which is the usual case and free).
 */
export function pairLines(left: readonly string[], right: readonly string[]): number[] {
  const pairs = new Array<number>(right.length).fill(-1);
  let head = 0;
  while (head < left.length && head < right.length && left[head] === right[head]) {
    pairs[head] = head;
    head++;
  }
  let leftEnd = left.length;
  let rightEnd = right.length;
  while (leftEnd > head && rightEnd > head && left[leftEnd - 1] === right[rightEnd - 1]) {
    pairs[--rightEnd] = --leftEnd;
  }
  const rows = leftEnd - head;
  const columns = rightEnd - head;
  if (rows === 0 || columns === 0 || rows * columns > MAX_CELLS) return pairs;
  // lengths[i][j]: the longest common subsequence of left[head + i..] and right[head + j..].
  const width = columns + 1;
  const lengths = new Uint32Array((rows + 1) * width);
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      lengths[i * width + j] = left[head + i] === right[head + j]
        ? lengths[(i + 1) * width + j + 1] + 1
        : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  for (let i = 0, j = 0; i < rows && j < columns; ) {
    if (left[head + i] === right[head + j]) {
      pairs[head + j] = head + i;
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) i++;
    else j++;
  }
  return pairs;
}
