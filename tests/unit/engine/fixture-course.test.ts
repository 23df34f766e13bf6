import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseMarkdown } from '@nuxtjs/mdc/runtime'
import { describe, expect, it } from 'vitest'
import { drawAssessment, gradeAssessment, poolQuestions, sectionOfPoolQuestion } from '../../../server/domain/assessment-completion/assessment'
import { type CatalogSection, type CourseCatalog, scanSectionBody, sectionOfActivity, sectionOfReflection } from '../../../server/domain/course-progress/catalog'
import { gradeQuestion, publicQuestion } from '../../../server/domain/assessment-completion/grading'
import { isCourseComplete, isQuizDone, isSectionComplete, studySecondsFor } from '../../../server/domain/course-progress/progress'
import { seededRandom } from '../../../server/domain/platform/random'
import { advanceRun, type PathEntry, replayPath, scenarioProgress, scenarioRoutes, validateScenarioGraph } from '../../../server/domain/course-progress/scenarios'
import { fixtureContentDir, fixtureCourse, keyFromContent, wrongAnswerTo } from '../../support/course-content'

// The player's engine run on the small course in tests/fixtures/course/: walking a scenario, grading every
// question type, the assessment draw and the progress rules. Editing the real course cannot break these;
// the real course is checked by tests/unit/content/.

const { course, quizzes, scenarios, pool, sections, secrets } = fixtureCourse
const scenario = scenarios.find(s => s.id === 'sc-fixture')!
const quiz = quizzes.find(q => q.id === 'qz-f2')!
const name = (path: PathEntry[]) => path.map(e => `${e.stepId}/${e.choiceId}`).join(' → ')

/** The sections as the server's catalog holds them, their bodies parsed by the parser @nuxt/content uses. */
const catalogSections: CatalogSection[] = await Promise.all(['01-start.md', '02-practice.md', '03-finish.md'].map(async (file) => {
  const parsed = await parseMarkdown(readFileSync(join(fixtureContentDir, 'sections', file), 'utf8'))
  const meta = parsed.data as { key: string, title: string, order: number, minutes: number, preview?: boolean, description: string, outcomes: string[], changedIn: number[] }
  // @nuxt/content stores bodies as minimark ([tag, props, ...children]); the parser gives a tree of nodes.
  type Node = { type: string, tag?: string, props?: Record<string, unknown>, value?: string, children?: Node[] }
  const toMinimark = (node: Node): unknown => node.type === 'text' ? node.value ?? '' : [node.tag ?? 'div', node.props ?? {}, ...(node.children ?? []).map(toMinimark)]
  const body = { type: 'minimark', value: ((parsed.body as unknown as Node).children ?? []).map(toMinimark) }
  return { id: meta.key, title: meta.title, order: meta.order, minutes: meta.minutes, preview: meta.preview ?? false, description: meta.description, outcomes: meta.outcomes, changedIn: meta.changedIn, body, ...scanSectionBody(body) }
}))
const catalog = { sections: catalogSections } as unknown as CourseCatalog

describe('fixture course', () => {
  it('is the small course the engine tests expect', () => {
    expect(sections.map(s => s.id)).toEqual(['f1-start', 'f2-practice', 'f3-finish'])
    expect(scenario.steps).toHaveLength(3)
    expect(new Set(quiz.questions.map(q => q.type))).toEqual(new Set(['single', 'multiple', 'truefalse', 'ordering', 'matching']))
    expect(poolQuestions(pool).size).toBe(6)
  })
})

describe('walking a scenario', () => {
  it('has a sound graph', () => {
    expect(validateScenarioGraph(scenario)).toEqual([])
  })

  it('finds every route, and each ends as the whole path deserves', () => {
    const routes = scenarioRoutes(scenario)
    expect(routes).toHaveLength(8)
    for (const route of routes) {
      const expected = route.qualities.includes('poor') ? 'end-poor' : route.qualities.includes('mixed') ? 'end-mixed' : 'end-good'
      expect(route.ending.id, name(route.path)).toBe(expected)
    }
    // The same rule the content tests hold the real course to: a poor choice never earns a good ending.
    expect(routes.filter(r => r.qualities.includes('poor') && r.ending.outcome === 'good')).toEqual([])
    expect(routes.filter(r => r.qualities.every(q => q === 'good')).map(r => r.ending.outcome)).toEqual(['good'])
  })

  it('walks one choice at a time to an ending, then refuses another choice in the same run', () => {
    let path: PathEntry[] = []
    const steps: (string | null)[] = []
    for (const entry of [{ stepId: 'st-1', choiceId: 'b' }, { stepId: 'st-2', choiceId: 'b' }, { stepId: 'st-3', choiceId: 'a' }]) {
      const next = advanceRun(scenario, path, entry)
      path = next.path
      steps.push(next.result.next.kind === 'step' ? next.result.next.step.id : null)
      if (next.endingId) expect(next.endingId).toBe('end-mixed')
    }
    expect(steps).toEqual(['st-2', 'st-3', null])
    expect(replayPath(scenario, path).finished).toBe(true)
    expect(() => advanceRun(scenario, path, { stepId: 'st-3', choiceId: 'b' })).toThrow(/has ended/)
  })

  it('rebuilds a run from its stored path with the feedback already earned, and no other', () => {
    const progress = scenarioProgress(scenario, [{ stepId: 'st-1', choiceId: 'a' }], 1)
    expect(progress.history.map(h => h.feedback.trim())).toEqual(['Fixture feedback one-a: waiting leaves a child at risk overnight.'])
    expect(progress.current.kind === 'step' && progress.current.step.id).toBe('st-2')
    const shown = JSON.stringify(progress)
    const unearned = secrets.filter(s => s.owner !== 'choice:sc-fixture/st-1/a' && shown.includes(s.text))
    expect(unearned).toEqual([])
  })

  it('refuses a choice made at a step the run has not reached', () => {
    expect(() => advanceRun(scenario, [], { stepId: 'st-2', choiceId: 'a' })).toThrow()
  })
})

describe('grading every question type', () => {
  it.each(quiz.questions.map(q => [q.type, q] as const))('%s: its key scores full marks and a wrong answer does not', (_, q) => {
    const key = keyFromContent(q)
    const right = gradeQuestion(q, key)
    expect(right).toMatchObject({ score: 1, correct: true, correctAnswer: key })
    const wrong = gradeQuestion(q, wrongAnswerTo(q))
    expect(wrong.correct).toBe(false)
    expect(wrong.score).toBeLessThan(1)
  })

  it.each(quiz.questions.map(q => [q.type, q] as const))('%s: shows without its answers', (_, q) => {
    const json = JSON.stringify(publicQuestion(q))
    expect(json).not.toContain('"correct"')
    expect(secrets.filter(s => s.owner === `question:${q.id}` && json.includes(s.text))).toEqual([])
  })
})

describe('the final assessment', () => {
  const passMark = course.passMark
  const questions = poolQuestions(pool)
  const sectionOf = sectionOfPoolQuestion(pool)

  it('draws one question from each section, and an entirely new set on a retake', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const first = drawAssessment(pool, course.assessment.drawCount, seededRandom(seed))
      expect(new Set(first.map(id => sectionOf.get(id)))).toEqual(new Set(['f1-start', 'f2-practice', 'f3-finish']))
      const retake = drawAssessment(pool, course.assessment.drawCount, seededRandom(seed + 1000), first)
      expect(retake).toHaveLength(course.assessment.drawCount)
      expect(retake.filter(id => first.includes(id))).toEqual([])
    }
  })

  it('passes all right, fails one wrong in three against an 80% pass mark, and points to the section to reread', () => {
    const drawn = drawAssessment(pool, course.assessment.drawCount, seededRandom(7)).map(id => questions.get(id)!)
    const titles = (id: string) => {
      const section = sections.find(s => s.id === sectionOf.get(id))
      return section && { id: section.id, title: section.title }
    }
    const allRight = gradeAssessment(drawn, Object.fromEntries(drawn.map(q => [q.id, keyFromContent(q)])), passMark, titles)
    expect(allRight).toMatchObject({ scorePercent: 100, passed: true, missed: [] })
    const [missed, ...rest] = drawn
    const oneWrong = gradeAssessment(drawn, Object.fromEntries([[missed!.id, wrongAnswerTo(missed!)], ...rest.map(q => [q.id, keyFromContent(q)])]), passMark, titles)
    expect(oneWrong.passed).toBe(false)
    // Two in three is 66.67%, rounded down so that a near miss never passes.
    expect(oneWrong.scorePercent).toBe(66)
    expect(oneWrong.missed).toEqual([missed!.id])
    expect(oneWrong.review[0]!.section).toEqual(titles(missed!.id))
    // The review never gives the key away.
    expect(JSON.stringify(oneWrong.review)).not.toMatch(/"correct"|Answer/)
  })
})

describe('activities and progress', () => {
  it('finds each section\'s activities, anchors and reflections in its markdown, in page order', () => {
    const practice = catalogSections[1]!
    expect(practice.activities).toEqual([{ id: 'sc-fixture', type: 'scenario' }, { id: 'qz-f2', type: 'quiz' }])
    expect(practice.anchors).toEqual(['a-night-to-decide', 'think-it-over', 'check-your-understanding'])
    expect(practice.reflections).toEqual(['rf-f2-1'])
    expect(sectionOfActivity(catalog, 'qz-f2')?.id).toBe('f2-practice')
    expect(sectionOfReflection(catalog, 'rf-f1-1')?.id).toBe('f1-start')
    expect(catalogSections[2]!.activities).toEqual([])
  })

  it('marks a quiz done once every question has been answered right at least once', () => {
    const ids = quiz.questions.map(q => q.id)
    expect(isQuizDone(ids, ids.slice(1))).toBe(false)
    expect(isQuizDone(ids, ids)).toBe(true)
  })

  it('completes a section only with its activities done, its end reached and half its minutes studied', () => {
    const practice = catalogSections[1]!
    const requiredSeconds = studySecondsFor(practice.minutes, course.studyShare)
    expect(requiredSeconds).toBe(180)
    const activities = practice.activities.map(a => a.id)
    const facts = { requiredActivityIds: activities, completedActivityIds: activities, contentReached: true, creditedSeconds: requiredSeconds, requiredSeconds }
    expect(isSectionComplete(facts)).toBe(true)
    expect(isSectionComplete({ ...facts, completedActivityIds: ['sc-fixture'] })).toBe(false)
    expect(isSectionComplete({ ...facts, contentReached: false })).toBe(false)
    expect(isSectionComplete({ ...facts, creditedSeconds: requiredSeconds - 1 })).toBe(false)
    // A section with nothing to do but read needs only the reading.
    const finish = catalogSections[2]!
    expect(isSectionComplete({ requiredActivityIds: [], completedActivityIds: [], contentReached: true, creditedSeconds: 120, requiredSeconds: studySecondsFor(finish.minutes, course.studyShare) })).toBe(true)
  })

  it('completes the course only with every section done and the assessment passed', () => {
    const sectionIds = sections.map(s => s.id)
    expect(isCourseComplete({ sectionIds, completedSectionIds: sectionIds, assessmentPassed: true })).toBe(true)
    expect(isCourseComplete({ sectionIds, completedSectionIds: sectionIds.slice(0, 2), assessmentPassed: true })).toBe(false)
    expect(isCourseComplete({ sectionIds, completedSectionIds: sectionIds, assessmentPassed: false })).toBe(false)
  })
})
