import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'

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

/** The build copies the font files to `fonts/` beside the server; in development they come from node_modules. */
export function findFontsFolder(): string {
  const besideServer = process.argv[1] ? resolve(dirname(process.argv[1]), 'fonts') : ''
  if (besideServer && existsSync(resolve(besideServer, CERTIFICATE_FONT_FILES.regular[0]))) return besideServer
  const require = createRequire(resolve(process.cwd(), 'package.json'))
  return resolve(dirname(require.resolve('@fontsource/noto-sans/package.json')), '..')
}

let loaded: Promise<CertificateFonts> | undefined

/** Reads the font files once per process (they never change while it runs). */
export function loadCertificateFonts(folder = findFontsFolder()): Promise<CertificateFonts> {
  loaded ??= (async () => ({
    regular: await Promise.all(CERTIFICATE_FONT_FILES.regular.map(f => readFile(resolve(folder, f)))),
    bold: await Promise.all(CERTIFICATE_FONT_FILES.bold.map(f => readFile(resolve(folder, f)))),
  }))()
  loaded.catch(() => { loaded = undefined })
  return loaded
}
