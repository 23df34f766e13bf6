import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { checkContentFile } from '../../../content.schemas'

const root = join(__dirname, '../../../content')
const files: [string, string, unknown][] = [
  ['course', 'course.yml', parse(readFileSync(join(root, 'course.yml'), 'utf8'))],
  ...(['scenarios', 'quizzes', 'assessment'] as const).flatMap(dir => readdirSync(join(root, dir)).map((f): [string, string, unknown] => [
    dir === 'assessment' ? 'assessmentPool' : dir,
    `${dir}/${f}`,
    parse(readFileSync(join(root, dir, f), 'utf8')),
  ])),
  ...(['sections', 'pages'] as const).flatMap(dir => readdirSync(join(root, dir)).map((f): [string, string, unknown] => {
    const raw = readFileSync(join(root, dir, f), 'utf8')
    return [dir, `${dir}/${f}`, parse(raw.match(/^---\n([\s\S]*?)\n---/)?.[1] ?? '')]
  })),
]

describe('every content file matches its zod schema', () => {
  it.each(files)('%s: %s', (collection, path, data) => {
    expect(() => checkContentFile(collection, path, data)).not.toThrow()
  })

  it('covers every collection, including the public pages', () => {
    expect(new Set(files.map(([collection]) => collection))).toEqual(new Set(['course', 'scenarios', 'quizzes', 'assessmentPool', 'sections', 'pages']))
    expect(files.filter(([collection]) => collection === 'pages').map(([, path]) => path).sort()).toEqual(['pages/accessibility.md', 'pages/glossary.md', 'pages/help.md', 'pages/sources.md'])
  })

  it('names the file and field when something is wrong', () => {
    expect(() => checkContentFile('scenarios', 'scenarios/broken.yml', { key: 'Bad Id' }))
      .toThrow(/scenarios\/broken\.yml[\s\S]*key: ids are lower-case/)
  })
})

// Job aids (content/aids) are their own collection; kept apart from the list above so each can grow alone.
describe('every job aid matches its zod schema', () => {
  const aids = readdirSync(join(root, 'aids')).map((f): [string, unknown] => {
    const raw = readFileSync(join(root, 'aids', f), 'utf8')
    return [`aids/${f}`, parse(raw.match(/^---\n([\s\S]*?)\n---/)?.[1] ?? '')]
  })

  it('has the four aids', () => {
    expect(aids.map(([path]) => path).sort()).toEqual(['aids/before-you-call.md', 'aids/missing-plan.md', 'aids/philomena-profile.md', 'aids/return-night.md'])
  })

  it.each(aids)('aids: %s', (path, data) => {
    expect(() => checkContentFile('aids', path, data)).not.toThrow()
  })
})

// A refresher asks for the sections changed since the learner's version (server/domain/assessment-completion/completion.ts), so each
// section must say in which versions it changed, and never name a version the course has not reached.
describe('every section says in which course versions it changed', () => {
  const course = files.find(([collection]) => collection === 'course')![2] as { version: number }
  const sections = files.filter(([collection]) => collection === 'sections') as [string, string, { changedIn?: number[] }][]

  it.each(sections)('%s: %s', (_collection, path, data) => {
    expect(data.changedIn, path).toBeDefined()
    expect(Math.max(...data.changedIn!), path).toBeLessThanOrEqual(course.version)
  })

  it('refuses a list out of order or repeated', () => {
    const base = sections[0]![2]
    expect(() => checkContentFile('sections', 'sections/broken.md', { ...base, changedIn: [2, 1] })).toThrow(/changedIn: list each version once/)
    expect(() => checkContentFile('sections', 'sections/broken.md', { ...base, changedIn: [] })).toThrow(/changedIn/)
  })
})
