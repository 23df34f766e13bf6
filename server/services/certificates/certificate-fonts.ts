import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { inflateSync } from 'node:zlib'

/**
 * The fonts a certificate is drawn with, shipped through npm (never a system font, so every server draws
 * the same PDF): Noto Sans for Latin, Greek and Cyrillic names, Noto Sans Arabic and Hebrew for
 * right-to-left names. @fontsource splits each font by script, so each weight is a list tried in order.
 */
export const CERTIFICATE_FONT_FILES = {
  regular: [
    'noto-sans/files/noto-sans-latin-400-normal.woff',
    'noto-sans/files/noto-sans-latin-ext-400-normal.woff',
    'noto-sans/files/noto-sans-greek-400-normal.woff',
    'noto-sans/files/noto-sans-cyrillic-400-normal.woff',
    'noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff',
    'noto-sans-hebrew/files/noto-sans-hebrew-hebrew-400-normal.woff',
  ],
  bold: [
    'noto-sans/files/noto-sans-latin-700-normal.woff',
    'noto-sans/files/noto-sans-latin-ext-700-normal.woff',
    'noto-sans/files/noto-sans-greek-700-normal.woff',
    'noto-sans/files/noto-sans-cyrillic-700-normal.woff',
    'noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff',
    'noto-sans-hebrew/files/noto-sans-hebrew-hebrew-700-normal.woff',
  ],
} as const

export interface CertificateFonts {
  regular: Buffer[]
  bold: Buffer[]
}

/**
 * The build copies the font files to `fonts/` beside the server (`.output/server/fonts`); in development they come
 * from node_modules. `serverDir` is the built server's folder: by default the folder of the script Node was
 * started with; the render worker, which lives in `workers/` below it, says where it is.
 */
export function findFontsFolder(serverDir = process.argv[1] ? dirname(process.argv[1]) : ''): string {
  const besideServer = serverDir ? resolve(serverDir, 'fonts') : ''
  if (besideServer && existsSync(resolve(besideServer, CERTIFICATE_FONT_FILES.regular[0]))) return besideServer
  const require = createRequire(resolve(process.cwd(), 'package.json'))
  return resolve(dirname(require.resolve('@fontsource/noto-sans/package.json')), '..')
}

/**
 * Unpacks a WOFF 1.0 file into the plain TrueType/OpenType file it wraps (W3C WOFF §4-5). Done once per
 * process: fontkit would otherwise inflate every table, in JavaScript, for every PDF.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774F4646) return woff // not WOFF ('wOFF'): already a plain font
  const numTables = woff.readUInt16BE(12)
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20
    const [tag, offset, compLength, origLength, checksum] = [woff.readUInt32BE(at), woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12), woff.readUInt32BE(at + 16)]
    const stored = woff.subarray(offset, offset + compLength)
    return { tag, checksum, data: compLength < origLength ? inflateSync(stored) : stored }
  })
  const headerLength = 12 + 16 * numTables
  const size = tables.reduce((n, t) => n + ((t.data.length + 3) & ~3), headerLength)
  const out = Buffer.alloc(size)
  out.writeUInt32BE(woff.readUInt32BE(4), 0) // the wrapped font's flavour
  out.writeUInt16BE(numTables, 4)
  const power = 2 ** Math.floor(Math.log2(numTables))
  out.writeUInt16BE(power * 16, 6)
  out.writeUInt16BE(Math.log2(power), 8)
  out.writeUInt16BE(numTables * 16 - power * 16, 10)
  let offset = headerLength
  tables.forEach((t, i) => {
    out.writeUInt32BE(t.tag, 12 + i * 16)
    out.writeUInt32BE(t.checksum, 16 + i * 16)
    out.writeUInt32BE(offset, 20 + i * 16)
    out.writeUInt32BE(t.data.length, 24 + i * 16)
    t.data.copy(out, offset)
    offset += (t.data.length + 3) & ~3
  })
  return out
}

let loaded: Promise<CertificateFonts> | undefined

/** Reads (and unpacks) the font files once per process: they never change while it runs. */
export function loadCertificateFonts(folder = findFontsFolder()): Promise<CertificateFonts> {
  const read = (files: readonly string[]) => Promise.all(files.map(async f => woffToSfnt(await readFile(resolve(folder, f)))))
  loaded ??= (async () => ({
    regular: await read(CERTIFICATE_FONT_FILES.regular),
    bold: await read(CERTIFICATE_FONT_FILES.bold),
  }))()
  loaded.catch(() => { loaded = undefined })
  return loaded
}
