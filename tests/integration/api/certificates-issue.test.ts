import { describe, expect, it } from 'vitest'
import { Client, testSql } from '../helpers/client'
import { almostComplete, completedLearner, download, learnerNamed } from '../helpers/certificates'
import { readPdf } from '../../support/pdf'

describe('issuing certificates', () => {
  it('issues exactly one certificate, and one email, however many completions race or retry', async () => {
    const learner = await learnerNamed('Casey Concurrent')
    const { enrolmentId, finish } = await almostComplete(learner)
    const events = Array.from({ length: 8 }, () => finish())
    const responses = await Promise.all(events.map(e => learner.client.post('/api/progress/events', { events: [e] })))
    expect(responses.map(r => r.status)).toEqual(Array(8).fill(200))
    // Retries of the same events change nothing either.
    await Promise.all(events.slice(0, 3).map(e => learner.client.post('/api/progress/events', { events: [e] })))

    const sql = testSql()
    const rows = await sql`select code, learner_name, course_title, cpd_minutes, completed_at, issued_at from certificates where enrolment_id = ${enrolmentId}`
    expect(rows).toHaveLength(1)
    const [enrolment] = await sql`select completed_at from enrolments where id = ${enrolmentId}`
    expect(rows[0]).toMatchObject({ learner_name: 'Casey Concurrent', course_title: 'Children Missing from Care', cpd_minutes: 90 })
    expect(rows[0]!.completed_at).toEqual(enrolment!.completed_at)

    const mails = await sql`select text from email_outbox where "to" = ${learner.email} and subject = 'Your certificate is ready'`
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain(`/verify/${rows[0]!.code}`)
    expect(mails[0]!.text).toContain('/account')
  })

  it('issues nothing until the course is complete', async () => {
    const learner = await learnerNamed('Nearly There')
    const { enrolmentId, finish } = await almostComplete(learner)
    await testSql()`update assessment_attempts set passed = false where enrolment_id = ${enrolmentId}`
    await learner.client.post('/api/progress/events', { events: [finish()] })
    expect(await testSql()`select 1 from certificates where enrolment_id = ${enrolmentId}`).toHaveLength(0)
    expect((await learner.client.get('/api/certificates/mine')).json).toEqual({ certificates: [] })
  })

  it('lists the learner\'s certificate and lets them, and only them, download the PDF', async () => {
    const learner = await completedLearner('Robin Download')
    const mine = await learner.client.get('/api/certificates/mine')
    expect(mine.status).toBe(200)
    expect(mine.json.certificates).toEqual([expect.objectContaining({
      code: learner.code,
      learnerName: 'Robin Download',
      courseTitle: 'Children Missing from Care',
      cpdHours: 1.5,
      status: 'valid',
      pdfUrl: `/api/certificates/${learner.code}/pdf`,
      verifyUrl: expect.stringMatching(new RegExp(`/verify/${learner.code}$`)),
    })])

    const pdf = await download(learner.client, mine.json.certificates[0].pdfUrl)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="certificate-${learner.code}.pdf"`)
    expect(pdf.headers.get('cache-control')).toContain('no-store')
    const { text } = await readPdf(pdf.body)
    expect(text).toContain('Robin Download')
    expect(text).toContain(learner.code)

    expect((await download(new Client(), `/api/certificates/${learner.code}/pdf`)).status).toBe(401)
    const other = await learnerNamed('Someone Else')
    const refused = await other.client.get(`/api/certificates/${learner.code}/pdf`)
    expect(refused.status).toBe(404)
    expect(refused.json.message).toBe('You have no certificate with this code.')
  })
})
