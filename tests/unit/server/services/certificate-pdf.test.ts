import { describe, expect, it } from 'vitest'
import { loadCertificateFonts } from '../../../../server/services/certificates/certificate-fonts'
import { renderCertificatePdf, type CertificateContent } from '../../../../server/services/certificates/certificate-pdf'
import { readPdf } from '../../../support/pdf'

const base: CertificateContent = {
  learnerName: 'Sam Carer',
  courseTitle: 'Children Missing from Care',
  completedAt: new Date('2026-03-14T10:00:00Z'),
  issuedAt: new Date('2026-03-14T10:00:00Z'),
  cpdMinutes: 90,
  code: 'K7QX-4MHD-93TR-WE8A',
  verifyUrl: 'https://learning.example.org/verify/K7QX-4MHD-93TR-WE8A',
}

async function render(overrides: Partial<CertificateContent> = {}) {
  return readPdf(await renderCertificatePdf({ ...base, ...overrides }, await loadCertificateFonts()))
}

/** Extracted text, with the bidi marks some extractors add around right-to-left runs removed. */
const plain = (text: string) => text.replace(/[\u200E\u200F\u202A-\u202E]/g, '')

describe('certificate PDF', () => {
  it('is A4 landscape, of real text: name, course, date, CPD time, code and verification address', async () => {
    const pdf = await render()
    // The certificate itself, then a page on what the course covered (outcomes and CPD).
    expect(pdf.pages).toBe(2)
    expect([Math.round(pdf.width), Math.round(pdf.height)]).toEqual([842, 595])
    for (const expected of ['Certificate of completion', 'Sam Carer', 'Children Missing from Care', 'on 14 March 2026', 'CPD time: 1.5 hours', 'K7QX-4MHD-93TR-WE8A', 'https://learning.example.org/verify/K7QX-4MHD-93TR-WE8A']) {
      expect(pdf.text).toContain(expected)
    }
  })

  it('sets its title and language, and is tagged for screen readers with a described QR code', async () => {
    const pdf = await render()
    expect(pdf.title).toBe('Certificate of completion: Children Missing from Care, Sam Carer')
    expect(pdf.language).toBe('en-GB')
    expect(pdf.elements.slice(0, 2).map(e => e.role)).toEqual(['Root', 'Document'])
    expect(pdf.elements.map(e => e.role)).toEqual(expect.arrayContaining(['H1', 'P', 'Figure']))
    expect(pdf.elements.find(e => e.role === 'Figure')!.alt).toBe('QR code that opens https://learning.example.org/verify/K7QX-4MHD-93TR-WE8A')
    expect(pdf.elements.some(e => e.alt === 'Sam Carer')).toBe(true)
  })

  it('dates the completion in UK time (a late-evening completion in summer is the next day in UTC terms)', async () => {
    expect((await render({ completedAt: new Date('2026-06-30T23:30:00Z') })).text).toContain('on 1 July 2026')
    expect((await render({ completedAt: new Date('2026-12-31T23:30:00Z') })).text).toContain('on 31 December 2026')
  })

  it.each([
    ['accents and an apostrophe', 'Zoë O\'Brien-Łukasiewicz'],
    ['Irish', 'Siobhán Ní Bhriain'],
    ['Arabic (right to left)', 'محمد عبد الله'],
    ['Hebrew (right to left)', 'דוד כהן'],
    ['HTML', '<script>alert("x")</script> & Co'],
    ['Greek and Cyrillic', 'Αλέξανδρος Жуков'],
  ])('prints a name with %s as the literal text, in reading order', async (_label, learnerName) => {
    const pdf = await render({ learnerName })
    expect(plain(pdf.text)).toContain(learnerName)
    // Screen readers read the name from the tag's ActualText, so it is exact whatever the drawing order.
    expect(pdf.elements.some(e => e.alt === learnerName)).toBe(true)
    expect(pdf.title).toContain(learnerName)
  })

  it('fits a long name on the page, on two lines if need be', async () => {
    const learnerName = 'Maximilian Alexander Bartholomew Fitzgerald-Montgomery-Worthington de la Cruz y Santamaría Oyelaran-Okonkwo'
    const pdf = await render({ learnerName })
    expect(pdf.pages).toBe(2)
    expect(pdf.text.replace(/\s+/g, ' ')).toContain(learnerName)
  })

  it('names the course once, with the issuer (a setting) above it when one is set', async () => {
    const count = (text: string, part: string) => text.split(part).length - 1
    expect(count((await render()).text, 'Children Missing from Care')).toBe(1)
    const issued = await render({ issuerName: 'Northshire Fostering Service' })
    expect(issued.text).toContain('Northshire Fostering Service')
    expect(count(issued.text, 'Children Missing from Care')).toBe(1)
  })

  it('lists the learning outcomes as a tagged list and states the CPD hours', async () => {
    const outcomes = ['Plan ahead with the child.', 'Welcome a child back warmly.']
    const pdf = await render({ outcomes })
    for (const outcome of outcomes) expect(pdf.text).toContain(outcome)
    expect(pdf.text.replace(/\s+/g, ' ')).toContain('This course is 1.5 hours of learning, which may be recorded as 1.5 hours of CPD.')
    expect(pdf.text).toContain('Continuing professional development (CPD)')
  })

  it('draws a signature image (a setting) as a described figure, and goes without one when none is set', async () => {
    const signature = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
    const signed = await render({ signature, issuerName: 'Northshire Fostering Service' })
    expect(signed.text).toContain('Signed for Northshire Fostering Service')
    expect(signed.elements.some(e => e.role === 'Figure' && e.alt === 'Signature for Northshire Fostering Service')).toBe(true)
    expect((await render()).text).not.toContain('Signed for')
  })
})
