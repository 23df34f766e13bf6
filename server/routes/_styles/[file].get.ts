import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

let compressed: { href: string, br: Buffer, gzip: Buffer } | undefined

/**
 * The whole site stylesheet, which pages load once they are running (plugins/site-styles.client.ts; each page
 * arrives with only the rules its HTML uses). Its name changes with its content, so browsers keep it for a
 * year, and shared caches may keep it too: it is the same for everyone, and the session middleware passes it by
 * (no session cookie is renewed on its answer).
 */
export default defineEventHandler(async (event) => {
  const sheet = await siteStylesheet()
  if (!sheet || event.path.split('?')[0] !== sheet.href) throw createError({ statusCode: 404, statusMessage: 'Not found' })
  if (compressed?.href !== sheet.href) {
    compressed = {
      href: sheet.href,
      br: brotliCompressSync(sheet.text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip: gzipSync(sheet.text, { level: 9 }),
    }
  }
  setResponseHeaders(event, {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': 'public, max-age=31536000, immutable',
    'vary': 'Accept-Encoding',
  })
  const accepted = getRequestHeader(event, 'accept-encoding') ?? ''
  if (/\bbr\b/.test(accepted)) {
    setResponseHeader(event, 'content-encoding', 'br')
    return compressed.br
  }
  if (/\bgzip\b/.test(accepted)) {
    setResponseHeader(event, 'content-encoding', 'gzip')
    return compressed.gzip
  }
  return sheet.text
})
