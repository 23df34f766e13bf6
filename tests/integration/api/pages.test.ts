import { describe, expect, it } from 'vitest'
import { Client } from '../helpers/client'

type Node = string | [string, Record<string, unknown>, ...Node[]]

/** Heading ids in a minimark body, as <ContentRenderer> will give them to the page. */
function headingIds(body: { value: Node[] }): string[] {
  const ids: string[] = []
  const visit = (node: Node) => {
    if (!Array.isArray(node)) return
    const [tag, props, ...children] = node
    if (/^h[2-6]$/.test(tag) && typeof props.id === 'string') ids.push(props.id)
    children.forEach(visit)
  }
  body.value.forEach(visit)
  return ids
}

describe('GET /api/pages/<id>', () => {
  it.each([
    ['glossary', 'Glossary'],
    ['help', 'Where to get help'],
    ['sources', 'Sources'],
  ])('serves %s to anyone, without signing in', async (id, title) => {
    const res = await new Client().get(`/api/pages/${id}`)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ id, title, description: expect.any(String), body: { type: 'minimark' } })
  })

  it('gives glossary terms the anchors that sections link to', async () => {
    const res = await new Client().get('/api/pages/glossary')
    expect(headingIds(res.json.body)).toEqual(expect.arrayContaining(['missing', 'return-home-interview', 'adultification', 'push-and-pull-factors']))
  })

  it('puts the emergency number and the Runaway Helpline on the help page', async () => {
    const res = await new Client().get('/api/pages/help')
    expect(res.text).toContain('999')
    expect(res.text).toContain('116 000')
  })

  it.each(['no-such-page', 'sections', 's1-why-this-matters'])('answers 404 with a message for an unknown page (%s)', async (id) => {
    const res = await new Client().get(`/api/pages/${id}`)
    expect(res.status).toBe(404)
    expect(res.json.message).toMatch(/no page with that name/i)
  })

  it('keeps the content module\'s own query route for pages closed', async () => {
    const res = await new Client().post('/__nuxt_content/pages/query', { sql: 'SELECT * FROM _content_pages' })
    expect(res.status).toBe(404)
  })
})
