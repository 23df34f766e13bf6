import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * A plain `npm run build` (what production ships) carries none of the development and test tools: no test checkout
 * or test invoice pages, no /dev/mailbox, no /api/test or /api/dev routes, no demo accounts (build/test-tools.ts).
 * Run after `npm run build`; `npm run build:test` output (which has them) fails it on purpose.
 */
const OUTPUT = '.output'

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(e => e.isFile() && /\.(m?js)$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map(e => join(e.parentPath, e.name))
}

// Quoted, so a comment that mentions a path ("The /dev/mailbox page ...") is not code that serves it.
const DEV_ONLY = [
  { what: 'the /api/test routes', pattern: /["'`]\/api\/test\// },
  { what: 'the dev mailbox API', pattern: /["'`]\/api\/dev\/mailbox/ },
  { what: 'the dev mailbox page', pattern: /["'`]\/dev\/mailbox["'`]/ },
  { what: 'the test checkout', pattern: /["'`]\/(api\/)?checkout\/test\// },
  { what: 'the test invoice page', pattern: /["'`]\/(api\/)?invoices\/test\// },
  { what: 'the test gateways\' Stripe events', pattern: /evt_test_local_/ },
  { what: 'the demo accounts', pattern: /Demo accounts created|demo-admin-password/ },
]

describe('a production build', () => {
  it('exists (run `npm run build` first)', () => {
    expect(existsSync(join(OUTPUT, 'server/index.mjs')), 'No built server in .output: run `npm run build` first.').toBe(true)
  })

  it('serves the ordinary routes and pages (so the searches below look in the right place)', () => {
    const server = codeFiles(join(OUTPUT, 'server')).map(f => readFileSync(f, 'utf8')).join('\n')
    const client = codeFiles(join(OUTPUT, 'public/_nuxt')).map(f => readFileSync(f, 'utf8')).join('\n')
    expect(server).toMatch(/["'`]\/api\/health["'`]/)
    expect(server).toMatch(/["'`]\/api\/checkout\/sessions["'`]/)
    expect(client).toMatch(/["'`]\/checkout\/success["'`]/)
  })

  it.each(DEV_ONLY)('does not contain $what', ({ pattern }) => {
    const found = [...codeFiles(join(OUTPUT, 'server')), ...codeFiles(join(OUTPUT, 'public'))]
      .filter(f => pattern.test(readFileSync(f, 'utf8')))
    expect(found, 'Is this a test build? The check is for `npm run build` output.').toEqual([])
  })

  it('ships the certificate worker with the licences of the packages bundled into it (minifying drops their notices)', () => {
    const notices = readFileSync(join(OUTPUT, 'server/workers/THIRD-PARTY-LICENSES.txt'), 'utf8')
    for (const name of ['pdfkit', 'fontkit', 'qrcode', 'restructure']) expect(notices).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ \\(MIT\\)$`, 'm'))
    expect(notices).toContain('Permission is hereby granted, free of charge')
  })

  it('has no route files for the test and development APIs', () => {
    for (const dir of ['api/test', 'api/dev', 'api/checkout/test', 'api/invoices/test']) {
      expect(existsSync(join(OUTPUT, 'server/chunks/routes', dir)), dir).toBe(false)
    }
  })
})
