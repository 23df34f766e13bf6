/**
 * What an uploaded SCORM zip may contain, decided from its central directory before anything is
 * extracted: safe relative paths only (no zip-slip), no links, no encrypted entries, and limits that
 * stop a zip bomb (entry count, total unpacked size, and how far one entry may expand).
 */

export interface ZipLimits {
  maxUploadBytes: number
  maxEntries: number
  maxTotalBytes: number
  maxEntryBytes: number
  /** Unpacked ÷ packed for one entry, checked only for entries larger than ratioFloorBytes. */
  maxRatio: number
  ratioFloorBytes: number
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUploadBytes: 200 * 1024 * 1024,
  maxEntries: 5000,
  maxTotalBytes: 500 * 1024 * 1024,
  maxEntryBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
}

export interface ZipEntryInfo {
  name: string
  compressedSize: number
  uncompressedSize: number
  /** Upper 16 bits hold the Unix mode when the zip was made on Unix. */
  externalFileAttributes: number
  versionMadeBy: number
  generalPurposeBitFlag: number
}

const S_IFMT = 0o170000
const S_IFLNK = 0o120000

/** Why a path inside the zip is unsafe, or null when it is a plain relative path. */
export function unsafePathReason(name: string): string | null {
  if (name.length === 0) return 'an empty name'
  if (name.length > 512) return 'a name longer than 512 characters'
  if (name.includes('\\')) return 'a backslash in the path'
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a control character in the path'
  if (name.startsWith('/')) return 'an absolute path'
  if (/^[a-z]:/i.test(name)) return 'a drive letter in the path'
  const parts = name.replace(/\/$/, '').split('/')
  if (parts.some(p => p === '..')) return 'a ".." segment that would climb out of the package'
  if (parts.some(p => p === '' || p === '.')) return 'an empty or "." segment in the path'
  return null
}

export function isDirectoryEntry(entry: Pick<ZipEntryInfo, 'name'>) {
  return entry.name.endsWith('/')
}

export function isSymlink(entry: Pick<ZipEntryInfo, 'externalFileAttributes' | 'versionMadeBy'>) {
  const madeOnUnix = (entry.versionMadeBy >> 8) === 3
  return madeOnUnix && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK
}

/** The first rule the archive breaks, in words an admin can act on; null when it may be unpacked. */
export function archiveProblem(entries: ZipEntryInfo[], limits: ZipLimits): string | null {
  if (entries.length > limits.maxEntries) return `The zip holds ${entries.length} entries; at most ${limits.maxEntries} are allowed.`
  const seen = new Set<string>()
  let total = 0
  for (const entry of entries) {
    const reason = unsafePathReason(entry.name)
    if (reason) return `The zip entry "${entry.name.slice(0, 100)}" has ${reason}.`
    if (isSymlink(entry)) return `The zip entry "${entry.name}" is a symbolic link; packages must contain plain files.`
    if (entry.generalPurposeBitFlag & 1) return `The zip entry "${entry.name}" is encrypted.`
    const key = entry.name.toLowerCase()
    if (seen.has(key)) return `The zip holds "${entry.name}" twice.`
    seen.add(key)
    if (isDirectoryEntry(entry)) continue
    if (entry.uncompressedSize > limits.maxEntryBytes) return `The file "${entry.name}" unpacks to more than ${mb(limits.maxEntryBytes)}.`
    if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
      return `The file "${entry.name}" expands more than ${limits.maxRatio} times when unpacked, as a zip bomb does.`
    }
    total += entry.uncompressedSize
    if (total > limits.maxTotalBytes) return `The package unpacks to more than ${mb(limits.maxTotalBytes)}.`
  }
  return null
}

/** Where the manifest is: at the root (fine), only in a folder (a common mistake), or nowhere. */
export function manifestPlacement(names: string[]): { kind: 'root' } | { kind: 'subfolder', folder: string } | { kind: 'missing' } {
  if (names.includes('imsmanifest.xml')) return { kind: 'root' }
  const nested = names.filter(n => n.endsWith('/imsmanifest.xml')).sort((a, b) => a.length - b.length)[0]
  if (nested) return { kind: 'subfolder', folder: nested.slice(0, -'imsmanifest.xml'.length) }
  return { kind: 'missing' }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`
