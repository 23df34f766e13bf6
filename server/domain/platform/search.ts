/** A LIKE pattern matching text that contains `q`, with `%`, `_` and `\` typed into a search box looked for as themselves. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, c => `\\${c}`)}%`
}
