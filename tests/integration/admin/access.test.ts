import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signedInAdmin } from '../helpers/admin'
import { addOrganisation } from '../helpers/orgs'
import { Client, signedInClient, testSql } from '../helpers/client'

const ADMIN_API = join(process.cwd(), 'server/api/admin')

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])
}

/** Placeholder values for route parameters: well-formed, so a handler would get past its own validation. */
const PARAMS: Record<string, string> = { id: randomUUID(), code: 'K7QX-4MHD-93TR-WE8A', version: '1.2' }

/** Every route under server/api/admin, read from the files, so a new route is covered without editing this test. */
const routes = filesUnder(ADMIN_API).filter(f => f.endsWith('.ts')).map((file) => {
  const rel = relative(ADMIN_API, file).replace(/\\/g, '/').replace(/\.ts$/, '')
  const method = (rel.match(/\.(get|post|put|patch|delete)$/)?.[1] ?? 'get').toUpperCase()
  const path = rel.replace(/\.(get|post|put|patch|delete)$/, '').replace(/(^|\/)index$/, '')
    .replace(/\[(\w+)\]/g, (_, name: string) => PARAMS[name] ?? 'x')
  return { file: relative(process.cwd(), file), method, url: `/api/admin${path ? `/${path}` : ''}` }
})

describe('every admin route is for platform admins only', () => {
  it('finds the admin routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(17)
    expect(routes.map(r => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['GET /api/admin/orders', 'POST /api/admin/scorm/packages', `POST /api/admin/users/${PARAMS.id}/erase`]))
  })

  it.each(routes.map(r => [r.file, r]))('%s calls requireAdmin itself', (_file, route) => {
    expect(readFileSync(route.file, 'utf8')).toMatch(/requireAdmin\(event\)/)
  })

  it('answers 401 signed out, and 403 to a learner and to a training lead, on every route', async () => {
    const signedOut = new Client()
    const learner = await signedInClient('not-admin')
    await testSql()`insert into seats (status, assigned_user_id) values ('assigned', ${learner.userId})`
    const lead = await signedInClient('lead-not-admin')
    await addOrganisation(lead.userId)
    const failures: string[] = []
    for (const route of routes) {
      for (const [who, client, expected] of [['signed out', signedOut, 401], ['learner', learner.client, 403], ['training lead', lead.client, 403]] as const) {
        const res = await client.request(route.method, route.url, route.method === 'GET' ? undefined : {})
        if (res.status !== expected) failures.push(`${route.method} ${route.url} as ${who}: ${res.status}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('lets an admin in', async () => {
    const admin = await signedInAdmin()
    for (const path of ['overview', 'users', 'organisations', 'orders', 'certificates', 'audit']) {
      const res = await admin.client.get(`/api/admin/${path}`)
      expect(res.status, `${path}: ${res.text}`).toBe(200)
    }
  })
})
