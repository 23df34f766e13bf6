import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { licenceNotices, packageDirOf } from './licence-notices'

/**
 * fontkit imports a Brotli decoder, with a 740 kB dictionary written as a JavaScript array, for WOFF2 fonts. The
 * certificate fonts are WOFF 1, unpacked before fontkit sees them (certificate-fonts.ts), so the worker gets a
 * stand-in that says so if it is ever called.
 */
const noBrotli: Plugin = {
  name: 'no-brotli',
  setup(b) {
    b.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, args => ({ path: args.path, namespace: 'no-brotli' }))
    b.onLoad({ filter: /.*/, namespace: 'no-brotli' }, () => ({
      contents: 'export default function () { throw new Error("The certificate renderer reads no WOFF2 fonts.") }',
    }))
  },
}

/**
 * Bundles the certificate renderer's worker thread (server/workers/certificate-render.ts) into the built server's
 * `workers/` folder, where server/services/certificates/certificate-render-pool.ts finds it. Nitro bundles only the server's
 * own entry, so a worker, which Node loads from a file of its own, is bundled here.
 *
 * Each worker holds its own copy of every module's source text and compiled code, so the bundle takes its
 * packages in (pdfkit, fontkit, qrcode), minified and in ASCII (V8 keeps a source with any other character at
 * two bytes a character), and leaves out what a certificate never uses: WOFF2 decoding, and qrcode's PNG,
 * SVG and terminal renderers (only `QRCode.create` is called, which is qrcode's core).
 */
export async function bundleCertificateWorker(serverDir: string) {
  const { metafile } = await build({
    entryPoints: [resolve('server/workers/certificate-render.ts')],
    outfile: resolve(serverDir, 'workers/certificate-render.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    charset: 'ascii',
    alias: { qrcode: 'qrcode/lib/core/qrcode.js' },
    plugins: [noBrotli],
    // The CommonJS packages inside call require() for Node's own modules, which an ES module has not got.
    banner: { js: 'import { createRequire as __workerRequire } from "node:module"; const require = __workerRequire(import.meta.url);' },
    // pdfkit's own fonts (Helvetica and the like) and its PDF/A colour profile are files it finds beside its
    // package, which this bundle has not got: certificates always pass their fonts and ask for PDF/UA, never PDF/A.
    metafile: true,
    logLevel: 'warning',
  })
  // The licences of the packages bundled into the worker, as their licences ask: minifying drops the notices their
  // files carried.
  const packageDirs = Object.keys(metafile.inputs).map(packageDirOf).filter(dir => dir !== undefined)
  writeFileSync(resolve(serverDir, 'workers/THIRD-PARTY-LICENSES.txt'), licenceNotices(packageDirs))
}
