import { describe, expect, it } from 'vitest'
import { loadContent } from '../../../scripts/content/load'
import { scanPage } from '../../../scripts/content/metrics'
import { readPdf } from '../../support/pdf'
import { download } from '../helpers/certificates'
import { Client } from '../helpers/client'

// Job aids are safety aids a carer may need before they have a licence, so, like the glossary, anyone may read
// them and download them, as pages and as tagged PDFs.

const aids = (await loadContent()).aids
const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

describe('GET /api/aids', () => {
  it('lists the four aids in order, to anyone, without their text', async () => {
    const res = await new Client().get('/api/aids')
    expect(res.status).toBe(200)
    expect(res.json.map((a: { id: string }) => a.id)).toEqual(['return-night', 'before-you-call', 'missing-plan', 'philomena-profile'])
    expect(res.json[0]).toEqual({ id: 'return-night', title: 'Return night: a checklist', description: expect.any(String), order: 1, kind: 'checklist' })
  })

  it('serves one aid for the page, to anyone', async () => {
    const res = await new Client().get('/api/aids/missing-plan')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ id: 'missing-plan', title: 'Missing from care plan', kind: 'form', body: { type: 'minimark' } })
  })

  it.each(['no-such-aid', 'glossary', 's1-why-this-matters'])('answers 404 with a message for an unknown aid (%s)', async (id) => {
    for (const path of [`/api/aids/${id}`, `/api/aids/${id}/pdf`]) {
      const res = await new Client().get(path)
      expect(res.status, path).toBe(404)
      expect(res.json.message).toMatch(/no job aid with that name/i)
    }
  })

  it('keeps the content module\'s own query route for aids closed', async () => {
    const res = await new Client().post('/__nuxt_content/aids/query', { sql: 'SELECT * FROM _content_aids' })
    expect(res.status).toBe(404)
  })
})

describe.each(aids.map(a => [a.meta.key, a] as const))('GET /api/aids/%s/pdf', (id, aid) => {
  it('downloads a one-page tagged PDF with its title, language and text in reading order', async () => {
    const res = await download(new Client(), `/api/aids/${id}/pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.pdf"`)

    const pdf = await readPdf(res.body)
    expect(pdf.pages).toBe(1)
    expect(pdf.title).toBe(aid.meta.title)
    expect(pdf.language).toBe('en-GB')
    const roles = pdf.elements.map(e => e.role)
    expect(roles.slice(0, 2)).toEqual(['Root', 'Document'])
    expect(roles).toEqual(expect.arrayContaining(['H1', 'H2', 'P', 'L', 'LI', 'LBody']))

    const text = squash(pdf.text)
    let at = -1
    for (const block of [aid.meta.title, aid.meta.description, ...scanPage(aid.tree).blocks]) {
      const found = text.indexOf(squash(block), at + 1)
      expect(found, `"${block}" after position ${at}`).toBeGreaterThan(at)
      at = found
    }
    // A paper copy leads back to the current version on this site.
    expect(text).toContain(`/course/aids/${id}`)
  })
})
