import { describe, expect, it } from 'vitest'
import { archiveProblem, DEFAULT_ZIP_LIMITS, isSymlink, manifestPlacement, unsafePathReason, type ZipEntryInfo } from '../../../../server/domain/scorm/scorm-zip'

const file = (name: string, over: Partial<ZipEntryInfo> = {}): ZipEntryInfo => ({
  name, compressedSize: 100, uncompressedSize: 200, externalFileAttributes: (0o100644 << 16) >>> 0, versionMadeBy: 3 << 8, generalPurposeBitFlag: 0, ...over,
})

describe('zip entry names', () => {
  it.each([
    ['imsmanifest.xml', null],
    ['shared/launchpage.html', null],
    ['Etiquette/course.jpg', null],
    ['folder/', null],
    ['../evil.js', 'climb'],
    ['a/../../evil.js', 'climb'],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows/evil.dll', 'drive letter'],
    ['a\\..\\evil.js', 'backslash'],
    ['a//b', 'empty'],
    ['./a', 'empty or "."'],
    ['a\u0000b', 'control character'],
    ['', 'empty name'],
  ])('%j → %s', (name, reason) => {
    const result = unsafePathReason(name)
    if (reason === null) expect(result).toBeNull()
    else expect(result).toContain(reason)
  })

  it('recognises a symbolic link made on Unix', () => {
    expect(isSymlink({ externalFileAttributes: (0o120777 << 16) >>> 0, versionMadeBy: 3 << 8 })).toBe(true)
    expect(isSymlink({ externalFileAttributes: (0o100644 << 16) >>> 0, versionMadeBy: 3 << 8 })).toBe(false)
    expect(isSymlink({ externalFileAttributes: 0x20, versionMadeBy: 0 })).toBe(false)
  })
})

describe('archive limits', () => {
  const limits = { ...DEFAULT_ZIP_LIMITS, maxEntries: 3, maxTotalBytes: 10_000, maxEntryBytes: 5_000, maxRatio: 100, ratioFloorBytes: 1_000 }
  it.each<[string, ZipEntryInfo[], string | null]>([
    ['a normal package', [file('imsmanifest.xml'), file('index.html')], null],
    ['too many entries', [file('a'), file('b'), file('c'), file('d')], 'at most 3'],
    ['a path traversal entry', [file('imsmanifest.xml'), file('../x.html')], 'climb'],
    ['a symlink', [file('link', { externalFileAttributes: (0o120777 << 16) >>> 0 })], 'symbolic link'],
    ['an encrypted entry', [file('a', { generalPurposeBitFlag: 1 })], 'encrypted'],
    ['the same name twice', [file('a.html'), file('A.html')], 'twice'],
    ['one entry too large', [file('big', { uncompressedSize: 6_000, compressedSize: 6_000 })], 'unpacks to more than'],
    ['too large in total', [file('a', { uncompressedSize: 4_000, compressedSize: 4_000 }), file('b', { uncompressedSize: 4_000, compressedSize: 4_000 }), file('c', { uncompressedSize: 4_000, compressedSize: 4_000 })], 'package unpacks'],
    ['a compression ratio like a zip bomb', [file('bomb', { uncompressedSize: 4_000, compressedSize: 10 })], 'zip bomb'],
    ['a small file that compresses very well', [file('spaces.txt', { uncompressedSize: 900, compressedSize: 2 })], null],
  ])('%s', (_name, entries, problem) => {
    const result = archiveProblem(entries, limits)
    if (problem === null) expect(result).toBeNull()
    else expect(result).toContain(problem)
  })
})

describe('where the manifest is', () => {
  it.each([
    [['imsmanifest.xml', 'a.html'], { kind: 'root' }],
    [['course/imsmanifest.xml', 'course/a.html'], { kind: 'subfolder', folder: 'course/' }],
    [['a.html'], { kind: 'missing' }],
  ])('%j → %j', (names, placement) => {
    expect(manifestPlacement(names)).toEqual(placement)
  })
})
