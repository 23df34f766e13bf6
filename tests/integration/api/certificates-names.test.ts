import { describe, expect, it } from 'vitest'
import { Client, testSql } from '../helpers/client'
import { completedLearner, download, randomIp } from '../helpers/certificates'
import { readPdf } from '../../support/pdf'

const decodeHtml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&')
const withoutBidiMarks = (s: string) => s.replace(/[\u200E\u200F\u202A-\u202E]/g, '')

describe('names on certificates are shown as text, everywhere', () => {
  it.each([
    ['accents', 'Zoë Łukasiewicz-Müller'],
    ['an apostrophe', 'Siobhán O\'Brien'],
    ['Arabic (right to left)', 'محمد عبد الله'],
    ['Hebrew (right to left)', 'דוד כהן'],
    ['HTML', '<script>alert("owned")</script><img src=x onerror=alert(1)>'],
  ])('a name with %s', async (_label, name) => {
    const learner = await completedLearner(name)

    const api = await new Client().request('GET', `/api/certificates/${learner.code}`, undefined, { 'x-forwarded-for': randomIp() })
    expect(api.json.learnerName).toBe(name)
    expect(api.headers.get('content-type')).toMatch(/^application\/json/)

    const page = await new Client().request('GET', `/verify/${learner.code}`, undefined, { 'x-forwarded-for': randomIp() })
    const shown = page.text.match(/data-testid="learner-name"[^>]*>([^<]*)</)
    expect(decodeHtml(shown![1]!)).toBe(name)
    expect(page.text).not.toContain('<script>alert(')
    expect(page.text).not.toContain('<img src=x')

    const pdf = await readPdf((await download(learner.client, `/api/certificates/${learner.code}/pdf`)).body)
    expect(withoutBidiMarks(pdf.text)).toContain(name)
    expect(pdf.elements.some(e => e.alt === name)).toBe(true)

    const [mail] = await testSql()`select text from email_outbox where "to" = ${learner.email} and subject = 'Your certificate is ready'`
    expect(mail!.text).toContain(`Hello ${name},`)
  })
})
