import { resolve } from 'node:path'
import { build } from 'esbuild'

/**
 * Bundles the certificate renderer's worker thread (server/workers/certificate-render.ts) into the built server's
 * `workers/` folder, where server/services/certificates/certificate-render-pool.ts finds it. Nitro bundles only the server's
 * own entry, so a worker, which Node loads from a file of its own, is bundled here. Packages stay imports: they
 * resolve from the server's traced node_modules, as the server's do.
 */
export async function bundleCertificateWorker(serverDir: string) {
  await build({
    entryPoints: [resolve('server/workers/certificate-render.ts')],
    outfile: resolve(serverDir, 'workers/certificate-render.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    logLevel: 'warning',
  })
}
