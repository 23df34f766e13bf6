import { brotliCompress, constants, gzip } from 'node:zlib'
import { promisify } from 'node:util'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/**
 * Server-rendered pages go out compressed (brotli, else gzip) to browsers that accept it: a section page's
 * HTML, with its content and state inline, is about 55 KB, and learners are mostly on phones. Static files
 * are compressed once at build time instead (nitro.compressPublicAssets in nuxt.config.ts). Brotli at
 * quality 5 costs about a millisecond a page; a proxy in front that compresses too will leave these alone.
 */
export default defineNitroPlugin((nitro) => {
  nitro.hooks.hook('render:response', async (response, { event }) => {
    if (typeof response.body !== 'string' || response.body.length < 1024) return
    // The error page is rendered by an internal request whose text Nuxt's error handler reads and sends on:
    // it must stay plain text here.
    if (event.path.startsWith('/__nuxt')) return
    const headers = (response.headers ??= {}) as Record<string, string>
    if (headers['content-encoding']) return
    const accepted = getRequestHeader(event, 'accept-encoding') ?? ''
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null
    headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding'
    if (!encoding) return
    response.body = encoding === 'br'
      ? await brotli(response.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
      : await gzipAsync(response.body)
    headers['content-encoding'] = encoding
  })
})
