import bidiFactory from 'bidi-js'

/**
 * Lays out one line of mixed-script text for a PDF: the Unicode bidirectional algorithm (bidi-js) orders it,
 * and each character gets a font that has a glyph for it. Pure: fonts are described by `covers`.
 */

const bidi = bidiFactory()

/** Scripts written right to left: the shaper (fontkit) reverses a run of these itself, after joining letters. */
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
const MARK = /\p{M}/u
/** Bidi controls and other invisible format characters: they steer the ordering, but have no glyph. */
const FORMAT = /\p{Cf}/u

export interface TextPiece {
  /** Text to hand to the shaper: right-to-left script in logical order (the shaper reverses it), anything else in display order. */
  text: string
  /** Index of the font to draw it with. */
  font: number
}

interface LevelRun { text: string, level: number }

/** The line's runs of equal embedding level, in visual order (rule L2), with mirrored brackets swapped. */
function levelRunsInVisualOrder(line: string): LevelRun[] {
  const embedding = bidi.getEmbeddingLevels(line, 'auto')
  const mirrored = bidi.getMirroredCharactersMap(line, embedding.levels)
  const runs: LevelRun[] = []
  for (let i = 0; i < line.length; i++) {
    const level = embedding.levels[i]!
    const char = mirrored.get(i) ?? line[i]!
    const last = runs.at(-1)
    if (last && last.level === level) last.text += char
    else runs.push({ text: char, level })
  }
  const levels = runs.map(r => r.level)
  const highest = Math.max(0, ...levels)
  const lowestOdd = Math.min(...levels.filter(l => l % 2 === 1), highest + 1)
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length;) {
      if (runs[i]!.level < level) {
        i++
        continue
      }
      let j = i
      while (j < runs.length && runs[j]!.level >= level) j++
      runs.splice(i, j - i, ...runs.slice(i, j).reverse())
      i = j
    }
  }
  return runs
}

/** Splits a run by font: marks and punctuation stay with the font of the letter before them when it can draw them. */
function splitByFont(text: string, fontCount: number, covers: (font: number, codePoint: number) => boolean): TextPiece[] {
  const pieces: TextPiece[] = []
  for (const char of text) {
    if (FORMAT.test(char)) continue
    const cp = char.codePointAt(0)!
    const previous = pieces.at(-1)?.font
    const keepPrevious = previous !== undefined && (!LETTER_OR_DIGIT.test(char) || MARK.test(char)) && covers(previous, cp)
    let font = keepPrevious ? previous : -1
    for (let f = 0; font < 0 && f < fontCount; f++) if (covers(f, cp)) font = f
    if (font < 0) font = previous ?? 0 // no font has it: draw the missing-glyph box rather than drop the character
    const last = pieces.at(-1)
    if (last && last.font === font) last.text += char
    else pieces.push({ text: char, font })
  }
  return pieces
}

/** The pieces of one line, left to right as drawn. */
export function layoutLine(line: string, fontCount: number, covers: (font: number, codePoint: number) => boolean): TextPiece[] {
  const out: TextPiece[] = []
  for (const run of levelRunsInVisualOrder(line)) {
    const pieces = splitByFont(run.text, fontCount, covers)
    if (run.level % 2 === 0) {
      out.push(...pieces)
      continue
    }
    // Right to left: the pieces go in reverse; the shaper reverses right-to-left script itself, and
    // anything else in the run (neutrals, or letters under an explicit override) is reversed here.
    for (const piece of pieces.reverse()) {
      out.push(RTL_SCRIPT.test(piece.text) ? piece : { ...piece, text: [...piece.text].reverse().join('') })
    }
  }
  // Neighbours in one font join up again (fewer pieces, kerning kept), unless right-to-left script would then be reversed with them.
  return out.reduce<TextPiece[]>((joined, piece) => {
    const last = joined.at(-1)
    if (last && last.font === piece.font && !RTL_SCRIPT.test(last.text) && !RTL_SCRIPT.test(piece.text)) last.text += piece.text
    else joined.push({ ...piece })
    return joined
  }, [])
}

/** A line split in two at the space nearest its middle (for names too long for one line), or null. */
export function splitNearMiddle(line: string): [string, string] | null {
  const middle = line.length / 2
  let best = -1
  for (let i = 0; i < line.length; i++) {
    if (line[i] === ' ' && (best < 0 || Math.abs(i - middle) < Math.abs(best - middle))) best = i
  }
  return best < 0 ? null : [line.slice(0, best).trim(), line.slice(best + 1).trim()]
}
