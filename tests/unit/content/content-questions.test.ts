import { describe, expect, it } from 'vitest'
import type { Question } from '../../../server/domain/course-progress/course-types'
import { drawAssessment } from '../../../server/domain/assessment-completion/assessment'
import { seededRandom } from '../../../server/domain/platform/random'
import { loadContent } from '../../../scripts/content/load'
import { scanPage, wordsOf } from '../../../scripts/content/metrics'

// Every question a learner meets, in section quizzes and the final-assessment pool, checked for what a
// learner relies on: a key that makes sense for its type, feedback on every answer, an explanation, and a
// source they could look up on the sources page.

const content = await loadContent()
const quizQuestions = content.quizzes.flatMap(q => q.data.questions.map(x => ({ file: q.file, q: x })))
const poolQuestions = content.pools.flatMap(p => p.data.questions.map(x => ({ file: p.file, q: x })))
const all = [...quizQuestions, ...poolQuestions]
const cases = all.map(({ file, q }) => [`${file} ${q.id}`, q] as const)

const normalise = (s: string) => s.toLowerCase().replace(/[‘’']/g, '\'').replace(/[^a-z0-9']+/g, ' ').trim()

/** Titles listed on the sources page: the bold text that opens each list item. */
const sourcesPage = content.pages.find(p => p.meta.key === 'sources')
const sourceTitles = (sourcesPage?.raw.match(/^- \*\*(.+?)\*\*/gm) ?? []).map(line => normalise(line.replace(/^- \*\*|\*\*$/g, '')))

function feedbackOf(q: Question): string[] {
  if (q.type === 'ordering') return q.items.map(i => i.feedback)
  if (q.type === 'matching') return q.pairs.map(p => p.feedback)
  return q.options.map(o => o.feedback)
}

/** What is wrong with a question's answer key, for its type; empty when it is sound. */
function keyProblems(q: Question): string[] {
  const problems: string[] = []
  const unique = (ids: string[]) => new Set(ids).size === ids.length
  switch (q.type) {
    case 'single':
      if (q.options.length < 3) problems.push('a single-choice question offers at least three options')
      if (q.options.filter(o => o.correct).length !== 1) problems.push('exactly one option is correct')
      break
    case 'truefalse':
      if (q.options.map(o => o.id).sort().join() !== 'false,true') problems.push('options are "true" and "false"')
      if (q.options.filter(o => o.correct).length !== 1) problems.push('exactly one of true and false is correct')
      break
    case 'multiple':
      // One right answer is allowed: how many are right must vary, or counting gives the answer away.
      if (q.options.filter(o => o.correct).length < 1) problems.push('"choose all that apply" has at least one right answer')
      if (!q.options.some(o => !o.correct)) problems.push('at least one option is wrong, or there is nothing to choose')
      if (!/choose all that apply/i.test(q.prompt)) problems.push('the prompt says "Choose all that apply"')
      break
    case 'ordering':
      if (q.items.length < 3) problems.push('at least three items to put in order')
      if (new Set(q.items.map(i => normalise(i.text))).size !== q.items.length) problems.push('no two items read the same')
      break
    case 'matching':
      if (q.pairs.length < 3) problems.push('at least three pairs')
      if (new Set(q.pairs.map(p => p.right)).size < 2) problems.push('at least two different answers to match to')
      if (new Set(q.pairs.map(p => normalise(p.left))).size !== q.pairs.length) problems.push('no two left-hand items read the same')
      break
  }
  const ids = q.type === 'ordering' ? q.items.map(i => i.id) : q.type === 'matching' ? q.pairs.map(p => p.id) : q.options.map(o => o.id)
  if (!unique(ids)) problems.push('answer ids are unique')
  return problems
}

describe('every question', () => {
  it('has a source page to cite from', () => {
    expect(sourceTitles.length).toBeGreaterThan(20)
  })

  it.each(cases)('%s: has a valid answer key for its type', (_, q) => {
    expect(keyProblems(q)).toEqual([])
  })

  it.each(cases)('%s: gives feedback on every answer, and an explanation', (_, q) => {
    for (const feedback of feedbackOf(q)) expect(wordsOf(feedback).length, feedback).toBeGreaterThanOrEqual(4)
    expect(wordsOf(q.explanation).length).toBeGreaterThanOrEqual(10)
  })

  it.each(cases)('%s: cites, for each part of its source, a document on the sources page', (_, q) => {
    const citations = q.source.split(';').map(normalise)
    const unlisted = citations.filter(c => !sourceTitles.some(title => c.includes(title)))
    expect(unlisted, `titles on the sources page:\n${sourceTitles.join('\n')}`).toEqual([])
  })
})

describe('section quizzes and the final assessment', () => {
  it('together hold well over 40 questions, of all five types', () => {
    expect(all.length).toBeGreaterThanOrEqual(60)
    expect(new Set(all.map(({ q }) => q.type))).toEqual(new Set(['single', 'multiple', 'truefalse', 'ordering', 'matching']))
  })

  // Issue 17: a pool large enough that retakes rarely repeat a question.
  it('pool has at least 90 questions of all five types', () => {
    expect(poolQuestions.length).toBeGreaterThanOrEqual(90)
    expect(new Set(poolQuestions.map(({ q }) => q.type))).toEqual(new Set(['single', 'multiple', 'truefalse', 'ordering', 'matching']))
  })

  it('pool tests every section, with at least eight questions each', () => {
    const sectionIds = content.sections.map(s => s.meta.key)
    const counts = Object.fromEntries(sectionIds.map(id => [id, content.pools.filter(p => p.data.section === id).reduce((n, p) => n + p.data.questions.length, 0)]))
    expect(Object.entries(counts).filter(([, n]) => n < 8)).toEqual([])
  })

  // A learner who met a question, with its feedback and key, in a section quiz must not meet it in the assessment.
  it('pool never repeats a section-quiz question, by id or word for word', () => {
    const ids = new Set(quizQuestions.map(({ q }) => q.id))
    const asked = new Set(quizQuestions.map(({ q }) => normalise(q.prompt)))
    expect(poolQuestions.filter(({ q }) => ids.has(q.id) || asked.has(normalise(q.prompt))).map(({ q }) => q.id)).toEqual([])
  })

  it('gives a learner who retakes the assessment an entirely new set of questions', () => {
    const pool = content.pools.map(p => p.data)
    const count = content.course.data.assessment.drawCount
    for (let seed = 1; seed <= 50; seed++) {
      const first = drawAssessment(pool, count, seededRandom(seed))
      const retake = drawAssessment(pool, count, seededRandom(seed + 1000), first)
      expect(first).toHaveLength(count)
      expect(retake.filter(id => first.includes(id))).toEqual([])
    }
  })

  it('uses each reflection id once across the course', () => {
    const ids = content.sections.flatMap(s => scanPage(s.tree).reflections)
    expect(ids.length).toBeGreaterThan(0)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
  })
})
