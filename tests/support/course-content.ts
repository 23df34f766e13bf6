import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import type { PoolFile, Question, Quiz, Scenario } from '../../server/domain/course-progress/course-types'
import type { Answer } from '../../server/domain/assessment-completion/grading'

/**
 * A course as written on disk, read independently of the server: tests use it to know the answer keys
 * (to answer correctly) and every secret text (to prove the API never leaks one).
 * The named exports at the end are the real course (content/), which the built server serves to the
 * integration and browser tests. `fixtureCourse` is the small course in tests/fixtures/course/ that the
 * engine's unit tests use, so that editing the real course cannot break them.
 */
export const realContentDir = fileURLToPath(new URL('../../content/', import.meta.url))
export const fixtureContentDir = fileURLToPath(new URL('../fixtures/course/', import.meta.url))

export interface CourseFile {
  version: number
  passMark: number
  studyShare: number
  totalMinutes: number
  assessment: { drawCount: number }
}

export interface SectionFile {
  id: string
  title: string
  /** Estimated minutes, from the frontmatter. */
  minutes: number
  scenarios: string[]
  quizzes: string[]
  reflections: string[]
  /** The `##` headings' texts, in order. */
  headings: string[]
  /** The diagrams it embeds (`::diagram-push-pull`), by block name. */
  diagrams: string[]
}

/** A secret text and what it belongs to: `question:<id>`, `choice:<scenario>/<step>/<choice>` or `ending:<scenario>/<ending>`. */
export interface Secret {
  owner: string
  text: string
}

/** Ids of the matching question's right-hand choices, as the API numbers them: distinct texts, sorted. */
function rightIds(pairs: { right: string }[]): Map<string, string> {
  const texts = [...new Set(pairs.map(p => p.right))].sort((a, b) => a.localeCompare(b, 'en') || (a < b ? -1 : a > b ? 1 : 0))
  return new Map(texts.map((t, i) => [t, `r${i + 1}`]))
}

/** The right answer to a question, in the API's answer form, worked out from the content rather than by the code under test. */
export function keyFromContent(q: Question): Answer {
  switch (q.type) {
    case 'single':
    case 'truefalse':
      return { optionId: q.options.find(o => o.correct)!.id }
    case 'multiple':
      return { optionIds: q.options.filter(o => o.correct).map(o => o.id) }
    case 'ordering':
      return { order: q.items.map(i => i.id) }
    case 'matching': {
      const ids = rightIds(q.pairs)
      return { matches: Object.fromEntries(q.pairs.map(p => [p.id, ids.get(p.right)!])) }
    }
  }
}

/** A complete answer that is wrong (scores less than full marks). */
export function wrongAnswerTo(q: Question): Answer {
  switch (q.type) {
    case 'single':
    case 'truefalse':
      return { optionId: q.options.find(o => !o.correct)!.id }
    case 'multiple': {
      const wrong = q.options.filter(o => !o.correct)
      return { optionIds: wrong.length ? wrong.map(o => o.id) : [q.options[0]!.id] }
    }
    case 'ordering':
      return { order: q.items.map(i => i.id).reverse() }
    case 'matching': {
      const ids = rightIds(q.pairs)
      const first = ids.get(q.pairs[0]!.right)
      const other = [...ids.values()].find(v => v !== first)!
      return { matches: Object.fromEntries(q.pairs.map((p, i) => [p.id, i === 0 ? other : ids.get(p.right)!])) }
    }
  }
}

/** A quiz or scenario file names itself with `key` (content.schemas.ts); the course's code calls that its `id`. */
function keyAsId<T>(file: unknown): T {
  const { key, ...rest } = file as { key: string }
  return { id: key, ...rest } as T
}

/** Reads the course in `contentDir` (laid out as content/ is) with plain YAML and patterns. */
export function readCourse(contentDir: string) {
  function loadYaml<T>(folder: string): T[] {
    const dir = join(contentDir, folder)
    return readdirSync(dir).filter(f => f.endsWith('.yml')).sort().map(f => parse(readFileSync(join(dir, f), 'utf8')) as T)
  }

  const course = parse(readFileSync(join(contentDir, 'course.yml'), 'utf8')) as CourseFile
  const quizzes = loadYaml('quizzes').map(f => keyAsId<Quiz>(f))
  const scenarios = loadYaml('scenarios').map(f => keyAsId<Scenario>(f))
  const pool = loadYaml<PoolFile>('assessment')

  /** Each section's frontmatter and the blocks its markdown embeds, read with plain patterns. */
  const sections: SectionFile[] = readdirSync(join(contentDir, 'sections')).filter(f => f.endsWith('.md')).sort().map((f) => {
    const text = readFileSync(join(contentDir, 'sections', f), 'utf8')
    const meta = parse(text.match(/^---\r?\n([\s\S]*?)\r?\n---/)![1]!) as { key: string, title: string, minutes: number }
    const ids = (block: string) => [...text.matchAll(new RegExp(`^::${block}\\{id="([a-z0-9-]+)"\\}`, 'gm'))].map(m => m[1]!)
    return { id: meta.key, title: meta.title, minutes: meta.minutes, scenarios: ids('scenario'), quizzes: ids('quiz'), reflections: ids('reflection'), headings: [...text.matchAll(/^## (.+)$/gm)].map(m => m[1]!.trim()), diagrams: [...text.matchAll(/^::(diagram-[a-z-]+)\s*$/gm)].map(m => m[1]!) }
  })

  /**
   * The first section (after the free one) holding a scenario, a quiz and a reflection: the richest page to
   * test the player on. Found from the content, so the tests follow the course as its authors change it.
   */
  function richSection() {
    const section = sections.find((s, i) => i > 0 && s.scenarios.length && s.quizzes.length && s.reflections.length)
    if (!section) throw new Error('No section has a scenario, a quiz and a reflection')
    return {
      ...section,
      scenarioList: section.scenarios.map(id => scenarios.find(x => x.id === id)!),
      quizList: section.quizzes.map(id => quizzes.find(x => x.id === id)!),
    }
  }

  const questions = new Map<string, Question>([...quizzes.flatMap(q => q.questions), ...pool.flatMap(p => p.questions)].map(q => [q.id, q]))

  function questionById(id: string): Question {
    const q = questions.get(id)
    if (!q) throw new Error(`No question ${id} in ${contentDir}`)
    return q
  }

  /** Every feedback, explanation, consequence and debrief written in the course's activity files. */
  const secrets: Secret[] = (() => {
    const out: Secret[] = []
    // The first 80 characters are plenty to recognise a text, and survive JSON escaping unchanged more often.
    const add = (owner: string, text: string) => out.push({ owner, text: text.trim().slice(0, 80) })
    for (const q of questions.values()) {
      add(`question:${q.id}`, q.explanation)
      const parts = 'options' in q ? q.options : 'items' in q ? q.items : q.pairs
      for (const part of parts) add(`question:${q.id}`, part.feedback)
    }
    for (const s of scenarios) {
      for (const step of s.steps) {
        for (const c of step.choices) {
          add(`choice:${s.id}/${step.id}/${c.id}`, c.consequence)
          add(`choice:${s.id}/${step.id}/${c.id}`, c.feedback)
        }
      }
      for (const e of s.endings) add(`ending:${s.id}/${e.id}`, e.debrief)
    }
    return out
  })()

  /** The secrets found in a response body, except those the learner has earned (`allowed` owners). */
  function leakedSecrets(body: string, allowed: Iterable<string> = []): string[] {
    const allow = new Set(allowed)
    let haystack = body
    try {
      haystack = JSON.stringify(JSON.parse(body))
    }
    catch { /* not JSON: search the raw text */ }
    return secrets
      .filter(s => !allow.has(s.owner) && haystack.includes(JSON.stringify(s.text).slice(1, -1)))
      .map(s => `${s.owner}: ${s.text}`)
  }

  /** The choices along one path from the start to an ending, always taking the first choice. */
  function firstChoicePath(scenarioId: string): { stepId: string, choiceId: string }[] {
    const s = scenarios.find(x => x.id === scenarioId)!
    const path = []
    let stepId = s.start
    while (path.length < 50) {
      const step = s.steps.find(st => st.id === stepId)!
      const choice = step.choices[0]!
      path.push({ stepId, choiceId: choice.id })
      if (s.endings.some(e => e.id === choice.next)) return path
      stepId = choice.next
    }
    throw new Error(`${scenarioId}: the first choices loop without reaching an ending`)
  }

  return {
    course,
    quizzes,
    scenarios,
    pool,
    sections,
    richSection,
    questionById,
    secrets,
    leakedSecrets,
    firstChoicePath,
    correctAnswer: (id: string): Answer => keyFromContent(questionById(id)),
    wrongAnswer: (id: string): Answer => wrongAnswerTo(questionById(id)),
  }
}

export type CourseOnDisk = ReturnType<typeof readCourse>

/** The small course of tests/fixtures/course/, for the engine's tests. */
export const fixtureCourse: CourseOnDisk = readCourse(fixtureContentDir)

/** The real course, as the server serves it. */
const real = readCourse(realContentDir)
export const { course, quizzes, scenarios, pool, sections, richSection, questionById, secrets, leakedSecrets, firstChoicePath, correctAnswer, wrongAnswer } = real
