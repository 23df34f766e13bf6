import { beforeAll, describe, expect, it } from 'vitest'
import { Client, testSql } from '../helpers/client'
import { completedLearner, download, learnerNamed, organisationWithManager, readStoredZip } from '../helpers/certificates'
import { readPdf } from '../../support/pdf'

type Org = Awaited<ReturnType<typeof organisationWithManager>>
type Learner = Awaited<ReturnType<typeof completedLearner>>

describe('certificates for training leads', () => {
  let a: Org, b: Org
  let ann: Learner, amir: Learner, bea: Learner
  beforeAll(async () => {
    a = await organisationWithManager('Northshire')
    b = await organisationWithManager('Southshire')
    ann = await completedLearner('Ann Northshire', a.organisationId)
    amir = await completedLearner('Amir Northshire', a.organisationId)
    bea = await completedLearner('Bea Southshire', b.organisationId)
  })

  it('lists only the organisation\'s own learners\' certificates', async () => {
    const res = await a.manager.client.get(`/api/orgs/${a.organisationId}/certificates`)
    expect(res.status).toBe(200)
    expect(res.json.certificates.map((c: { code: string }) => c.code).sort()).toEqual([ann.code, amir.code].sort())
    expect(res.json.certificates[0]).toMatchObject({ learnerName: 'Amir Northshire', pdfUrl: `/api/orgs/${a.organisationId}/certificates/${amir.code}/pdf` })
  })

  it('downloads one learner\'s certificate, but never another organisation\'s', async () => {
    const own = await download(a.manager.client, `/api/orgs/${a.organisationId}/certificates/${ann.code}/pdf`)
    expect(own.status).toBe(200)
    expect((await readPdf(own.body)).text).toContain('Ann Northshire')

    // Another organisation's learner through your own organisation: not found.
    expect((await a.manager.client.get(`/api/orgs/${a.organisationId}/certificates/${bea.code}/pdf`)).status).toBe(404)
    // Another organisation's routes: not found, so ids reveal nothing.
    for (const path of [`/api/orgs/${b.organisationId}/certificates`, `/api/orgs/${b.organisationId}/certificates/${bea.code}/pdf`, `/api/orgs/${b.organisationId}/certificates.zip`]) {
      const res = await a.manager.client.get(path)
      expect(res.status, path).toBe(404)
      expect(res.text).not.toContain('Bea')
    }
    expect((await a.manager.client.get('/api/orgs/not-a-uuid/certificates')).status).toBe(404)
    // A learner's own certificate route does not open anyone else's either.
    expect((await ann.client.get(`/api/certificates/${bea.code}/pdf`)).status).toBe(404)
    expect((await new Client().get(`/api/orgs/${a.organisationId}/certificates`)).status).toBe(401)
  })

  it('refuses members who are not training leads with a 403', async () => {
    await testSql()`insert into memberships (organisation_id, user_id, role) values (${a.organisationId}, ${ann.userId}, 'learner')`
    for (const path of [`/api/orgs/${a.organisationId}/certificates`, `/api/orgs/${a.organisationId}/certificates/${amir.code}/pdf`, `/api/orgs/${a.organisationId}/certificates.zip`]) {
      const res = await ann.client.get(path)
      expect(res.status, path).toBe(403)
      expect(res.json.message).toMatch(/training leads/)
    }
  })

  it('downloads every certificate of the organisation as one zip, and only those', async () => {
    const res = await download(a.manager.client, `/api/orgs/${a.organisationId}/certificates.zip`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="certificates.zip"')
    const entries = readStoredZip(res.body)
    expect([...entries.keys()].sort()).toEqual([`amir-northshire-${amir.code}.pdf`, `ann-northshire-${ann.code}.pdf`])
    expect((await readPdf(entries.get(`ann-northshire-${ann.code}.pdf`)!)).text).toContain(ann.code)
  })

  it('keeps a learner\'s certificate with the organisation whose seat they used, and leaves revoked ones out of the zip', async () => {
    // A learner who finished on a Northshire seat that was later revoked is still Northshire's.
    await testSql()`update seats set status = 'revoked', revoked_at = now() where assigned_user_id = ${amir.userId}`
    const list = await a.manager.client.get(`/api/orgs/${a.organisationId}/certificates`)
    expect(list.json.certificates.map((c: { code: string }) => c.code)).toContain(amir.code)
    const admin = await learnerNamed('Org Test Admin')
    await testSql()`update users set is_admin = true where id = ${admin.userId}`
    await admin.client.post(`/api/admin/certificates/${amir.code}/revoke`, { reason: 'Issued in error' })
    const entries = readStoredZip((await download(a.manager.client, `/api/orgs/${a.organisationId}/certificates.zip`)).body)
    expect([...entries.keys()]).toEqual([`ann-northshire-${ann.code}.pdf`])
    expect((await a.manager.client.get(`/api/orgs/${a.organisationId}/certificates/${amir.code}/pdf`)).status).toBe(410)
  })
})
