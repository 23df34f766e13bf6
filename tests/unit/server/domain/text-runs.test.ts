import { describe, expect, it } from 'vitest'
import { layoutLine, splitNearMiddle } from '../../../../server/domain/certificates/text-runs'

// Two made-up fonts: 0 has Latin and common punctuation, 1 has Arabic and Hebrew (and the space).
const covers = (font: number, cp: number) => font === 0 ? cp < 0x0590 : (cp >= 0x0590 && cp < 0x0700) || cp === 32
const layout = (line: string) => layoutLine(line, 2, covers)

describe('laying out a line of mixed scripts', () => {
  it.each([
    ['plain Latin stays one piece', 'Sam O\'Brien', [{ text: 'Sam O\'Brien', font: 0 }]],
    ['an Arabic name stays one piece in logical order (the shaper joins and reverses it)', 'محمد عبد الله', [{ text: 'محمد عبد الله', font: 1 }]],
    ['Latin then Arabic', 'Sam محمد', [{ text: 'Sam ', font: 0 }, { text: 'محمد', font: 1 }]],
    ['Arabic then Latin: in a right-to-left line the Latin word is drawn first, on the left', 'محمد Sam', [{ text: 'Sam', font: 0 }, { text: 'محمد ', font: 1 }]],
    ['two Hebrew words in a Latin line keep their order', 'Dr דוד כהן', [{ text: 'Dr ', font: 0 }, { text: 'דוד כהן', font: 1 }]],
    ['invisible bidi controls are dropped', 'Sam\u200F Carer', [{ text: 'Sam Carer', font: 0 }]],
    ['a right-to-left override draws Latin letters reversed', '\u202Eabc\u202C', [{ text: 'cba', font: 0 }]],
  ])('%s', (_label, line, expected) => {
    expect(layout(line)).toEqual(expected)
  })

  it('keeps combining marks with their letter', () => {
    expect(layout('Zoe\u0308')).toEqual([{ text: 'Zoe\u0308', font: 0 }])
  })

  it('draws a character no font has in the last font used, rather than dropping it', () => {
    expect(layout('Sam 中').map(p => p.text).join('')).toBe('Sam 中')
  })

  it.each([
    ['Ann Bea Cat Dan', ['Ann Bea', 'Cat Dan']],
    ['Maximilian Fitzgerald-Montgomery', ['Maximilian', 'Fitzgerald-Montgomery']],
    ['Nospaceshere', null],
  ])('splits %j at the space nearest the middle', (line, expected) => {
    expect(splitNearMiddle(line)).toEqual(expected)
  })
})
