// Counted nouns in the messages users read ("1 note", "3 notes"), so that a count of one never reads "1 notes".

/** `n` followed by `one` when `n` is 1, else by `many` (by default `one` + "s"): "1 issue", "0 issues". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
