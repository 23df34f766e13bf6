import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import * as fontkit from 'fontkit'
import { describe, expect, it } from 'vitest'
import { CERTIFICATE_FONT_FILES, findFontsFolder, woffToSfnt } from '../../../../server/services/certificates/certificate-fonts'

describe('certificate fonts', () => {
  it.each([...CERTIFICATE_FONT_FILES.regular, ...CERTIFICATE_FONT_FILES.bold])('unpacks %s into the same font, ready to embed', async (file) => {
    const woff = await readFile(resolve(findFontsFolder(), file))
    const sfnt = woffToSfnt(woff)
    const fromWoff = fontkit.create(woff) as fontkit.Font
    const fromSfnt = fontkit.create(sfnt) as fontkit.Font
    expect(fromSfnt.type).toBe('TTF')
    expect(fromSfnt.numGlyphs).toBe(fromWoff.numGlyphs)
    expect(fromSfnt.characterSet).toEqual(fromWoff.characterSet)
    const sample = 'Zoë Łukasz محمد דוד Αλέξανδρος Жуков'
    expect(fromSfnt.layout(sample).glyphs.map(g => g.id)).toEqual(fromWoff.layout(sample).glyphs.map(g => g.id))
  })
})
