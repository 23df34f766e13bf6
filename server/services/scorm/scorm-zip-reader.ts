/** yauzl, promised: the central directory of a zip on disk, and each entry's bytes with a hard size cap. */
import yauzl from 'yauzl'
import type { ZipEntryInfo } from '../../domain/scorm/scorm-zip'
import { DomainError } from '../../domain/platform/errors'

export interface OpenZip {
  entries: (ZipEntryInfo & { raw: yauzl.Entry })[]
  read: (entry: yauzl.Entry, maxBytes: number) => Promise<Buffer>
  close: () => void
}

const notAZip = () => new DomainError('rule', 'This file is not a zip archive, or it is damaged.', { code: 'scorm_not_zip' })

// Names are decoded here rather than by yauzl, so that our own rules (not yauzl's silent fixes, such as
// turning backslashes into slashes) decide what is safe.
const nameOf = (entry: yauzl.Entry) => {
  const raw = entry.fileName as unknown as Buffer
  return (entry.generalPurposeBitFlag & 0x800) ? raw.toString('utf8') : raw.toString('latin1')
}

export function openZip(path: string, maxEntries: number): Promise<OpenZip> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(notAZip())
      if (zip.entryCount > maxEntries) {
        zip.close()
        return reject(new DomainError('rule', `The zip holds ${zip.entryCount} entries; at most ${maxEntries} are allowed.`, { code: 'scorm_package' }))
      }
      const entries: OpenZip['entries'] = []
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push({
          name: nameOf(entry),
          compressedSize: entry.compressedSize,
          uncompressedSize: entry.uncompressedSize,
          externalFileAttributes: entry.externalFileAttributes,
          versionMadeBy: entry.versionMadeBy,
          generalPurposeBitFlag: entry.generalPurposeBitFlag,
          raw: entry,
        })
        zip.readEntry()
      })
      zip.once('error', () => {
        zip.close()
        reject(notAZip())
      })
      zip.once('end', () => resolve({
        entries,
        close: () => zip.close(),
        read: (entry, maxBytes) => new Promise<Buffer>((done, fail) => {
          zip.openReadStream(entry, (err, stream) => {
            if (err || !stream) return fail(notAZip())
            const chunks: Buffer[] = []
            let size = 0
            stream.on('data', (chunk: Buffer) => {
              size += chunk.length
              // yauzl already stops an entry that outgrows its declared size; this caps the declared size too.
              if (size > maxBytes) stream.destroy(new Error('too large'))
              else chunks.push(chunk)
            })
            stream.once('error', () => fail(new DomainError('rule', `The file "${nameOf(entry)}" is damaged or larger than it claims.`, { code: 'scorm_package' })))
            stream.once('end', () => done(Buffer.concat(chunks)))
          })
        }),
      }))
      zip.readEntry()
    })
  })
}
