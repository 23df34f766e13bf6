import { describe, expect, it } from 'vitest'
import { type CourseCatalog, scanSectionBody, sectionOfActivity, sectionOfReflection } from '../../../../server/domain/course-progress/catalog'

// A minimark body as @nuxt/content stores it: [tag, props, ...children].
const body = {
  type: 'minimark',
  value: [
    ['h2', { id: 'welcome' }, 'Welcome'],
    ['p', {}, 'Some text.'],
    ['callout', { type: 'note' }, ['p', {}, 'A note.']],
    ['scenario', { id: 'sc-jade' }],
    ['h2', { id: 'check-your-understanding' }, 'Check'],
    ['reflection', { id: 'rf-s1-1' }, ['p', {}, 'Think.']],
    ['h3', { id: 'not-an-anchor' }, 'Smaller'],
    ['quiz', { id: 'qz-s1' }],
  ],
}

describe('scanSectionBody', () => {
  it('finds the activities, `##` headings and reflections in page order', () => {
    expect(scanSectionBody(body)).toEqual({
      activities: [{ id: 'sc-jade', type: 'scenario' }, { id: 'qz-s1', type: 'quiz' }],
      anchors: ['welcome', 'check-your-understanding'],
      reflections: ['rf-s1-1'],
    })
  })

  it.each([null, undefined, {}, { value: 'x' }, { value: [['quiz', {}]] }])('finds nothing in %j', (empty) => {
    expect(scanSectionBody(empty)).toEqual({ activities: [], anchors: [], reflections: [] })
  })
})

describe('sectionOfActivity and sectionOfReflection', () => {
  const section = (id: string) => ({ id, title: id, order: 1, minutes: 1, preview: false, description: '', outcomes: [], body: null, ...scanSectionBody(id === 's1' ? body : null) })
  const catalog = { sections: [section('s0'), section('s1')] } as unknown as CourseCatalog

  it('finds the section that holds an activity or a reflection, and nothing for unknown ids', () => {
    expect(sectionOfActivity(catalog, 'qz-s1')?.id).toBe('s1')
    expect(sectionOfReflection(catalog, 'rf-s1-1')?.id).toBe('s1')
    expect(sectionOfActivity(catalog, 'qz-nope')).toBeUndefined()
    expect(sectionOfReflection(catalog, 'rf-nope')).toBeUndefined()
  })
})
