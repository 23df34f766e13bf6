import { promisify } from 'node:util'
import yauzl from 'yauzl'

/** Every file in a zip held in memory, as text by path (for checking generated workbooks and packages). */
export async function zipTexts(zip: Buffer): Promise<Map<string, string>> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, opened) => error || !opened ? reject(error) : resolve(opened))
  })
  const openEntry = promisify(file.openReadStream.bind(file))
  const texts = new Map<string, string>()
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      file.once('entry', resolve).once('end', () => resolve(null)).once('error', reject)
      file.readEntry()
    })
    if (!entry) return texts
    file.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error')
    const chunks: Buffer[] = []
    for await (const chunk of await openEntry(entry)) chunks.push(chunk as Buffer)
    texts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
  }
}
