import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { PoolFile, Question, Quiz, Scenario } from '../../../server/domain/course-progress/course-types'
import { gradeQuestion, publicQuestion } from '../../../server/domain/assessment-completion/grading'
import { validateScenarioGraph } from '../../../server/domain/course-progress/scenarios'
import { keyFromContent, secrets } from '../../support/course-content'

// The real course content, checked against the rules the player relies on. When a check here fails, fix the
// content (see docs/content-authoring.md), not the test.

const contentDir = fileURLToPath(new URL('../../../content/', import.meta.url))

function load<T>(folder: string, ext: string, read: (text: string) => T): [string, T][] {
  const dir = join(contentDir, folder)
  return readdirSync(dir)
    .filter(name => name.endsWith(ext))
    .sort()
    .map(name => [`content/${folder}/${name}`, read(readFileSync(join(dir, name), 'utf8'))])
}

const parseYaml = <T>(text: string) => parse(text) as T
/** A quiz or scenario file names itself with `key` (content.schemas.ts); the course's code calls that its `id`. */
const parseKeyed = <T>(text: string) => {
  const { key, ...rest } = parse(text) as { key: string }
  return { id: key, ...rest } as T
}

interface SectionMeta {
  key: string
  order: number
  minutes: number
}

/** The YAML frontmatter of a markdown file, and its body. */
function frontmatter(text: string): { meta: SectionMeta, body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text)
  if (!match) throw new Error('no frontmatter')
  return { meta: parse(match[1]!) as SectionMeta, body: match[2]! }
}

const scenarios = load('scenarios', '.yml', parseKeyed<Scenario>)
const quizzes = load('quizzes', '.yml', parseKeyed<Quiz>)
const pools = load('assessment', '.yml', parseYaml<PoolFile>)
const sections = load('sections', '.md', frontmatter)
const course = parse(readFileSync(join(contentDir, 'course.yml'), 'utf8')) as { totalMinutes: number, assessment: { drawCount: number } }

const questions: [string, Question][] = [...quizzes, ...pools].flatMap(([file, q]) => q.questions.map(x => [file, x] as [string, Question]))

/** Fewest choices from the start to any ending: the number of decisions on the shortest path. */
function fewestDecisionsToEnding(s: Scenario): number {
  const endings = new Set(s.endings.map(e => e.id))
  const stepsById = new Map(s.steps.map(st => [st.id, st]))
  const depth = new Map([[s.start, 0]])
  const queue = [s.start]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const c of stepsById.get(id)?.choices ?? []) {
      if (endings.has(c.next)) return depth.get(id)! + 1
      if (!depth.has(c.next)) {
        depth.set(c.next, depth.get(id)! + 1)
        queue.push(c.next)
      }
    }
  }
  return Number.POSITIVE_INFINITY // no ending at all: validateScenarioGraph reports it
}


describe('content files are present', () => {
  it('has scenarios, quizzes, assessment pools and sections', () => {
    expect(scenarios.length).toBeGreaterThan(0)
    expect(quizzes.length).toBeGreaterThan(0)
    expect(pools.length).toBeGreaterThan(0)
    expect(sections.length).toBeGreaterThan(0)
  })
})

describe.each(scenarios)('%s', (_, scenario) => {
  it('has a sound graph: every step reachable, every step able to end', () => {
    expect(validateScenarioGraph(scenario)).toEqual([])
  })

  it('asks for at least 3 decisions on every path to an ending', () => {
    expect(fewestDecisionsToEnding(scenario)).toBeGreaterThanOrEqual(3)
  })

  it('has at least 2 endings', () => {
    expect(scenario.endings.length).toBeGreaterThanOrEqual(2)
  })
})

describe('questions', () => {
  it('have ids that are unique across every quiz and pool', () => {
    const seen = new Map<string, string>()
    const clashes: string[] = []
    for (const [file, q] of questions) {
      if (seen.has(q.id)) clashes.push(`${q.id} in ${seen.get(q.id)} and ${file}`)
      else seen.set(q.id, file)
    }
    expect(clashes).toEqual([])
  })

  it('number at least 40 and cover all five types', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40)
    expect(new Set(questions.map(([, q]) => q.type))).toEqual(new Set(['single', 'multiple', 'truefalse', 'ordering', 'matching']))
  })

  it('are enough for one assessment draw', () => {
    expect(pools.flatMap(([, p]) => p.questions).length).toBeGreaterThanOrEqual(course.assessment.drawCount)
  })

  it.each(questions.map(([file, q]) => [`${file} ${q.id}`, q] as const))('%s: shows without its answers', (_, q) => {
    const json = JSON.stringify(publicQuestion(q))
    expect(json).not.toContain('"correct"')
    expect(json).not.toContain(JSON.stringify(q.explanation))
    expect(json).not.toContain(JSON.stringify(q.source))
    const feedback = 'options' in q ? q.options.map(o => o.feedback) : 'items' in q ? q.items.map(i => i.feedback) : q.pairs.map(p => p.feedback)
    for (const f of feedback) expect(json).not.toContain(JSON.stringify(f))
  })

  it.each(questions.map(([file, q]) => [`${file} ${q.id}`, q] as const))('%s: grades its own key as full marks', (_, q) => {
    const key = keyFromContent(q)
    const graded = gradeQuestion(q, key)
    expect(graded.score).toBe(1)
    expect(graded.correct).toBe(true)
    expect(graded.correctAnswer).toEqual(key)
  })
})

describe('course and sections', () => {
  it('totalMinutes in course.yml equals the sum of the sections\' minutes', () => {
    const sum = sections.reduce((total, [, s]) => total + s.meta.minutes, 0)
    expect(course.totalMinutes).toBe(sum)
  })

  it('has section ids and orders that are unique', () => {
    const ids = sections.map(([, s]) => s.meta.key)
    const orders = sections.map(([, s]) => s.meta.order)
    expect(new Set(ids).size).toBe(ids.length)
    expect(new Set(orders).size).toBe(orders.length)
  })

  it('gives every quiz and pool a real section', () => {
    const ids = new Set(sections.map(([, s]) => s.meta.key))
    const unknown = [...quizzes, ...pools].filter(([, f]) => !ids.has(f.section)).map(([file, f]) => `${file}: ${f.section}`)
    expect(unknown).toEqual([])
  })

  const embedded = sections.flatMap(([file, s]) =>
    [...s.body.matchAll(/^::(?:scenario|quiz)\{id="([^"]+)"\}/gm)].map(m => ({ file, id: m[1]! })))

  it('embeds only scenarios and quizzes that exist', () => {
    const known = new Set([...scenarios.map(([, s]) => s.id), ...quizzes.map(([, q]) => q.id)])
    expect(embedded.length).toBeGreaterThan(0)
    expect(embedded.filter(e => !known.has(e.id)).map(e => `${e.file}: ${e.id}`)).toEqual([])
  })

  it('embeds every scenario and quiz somewhere, so each counts towards a section', () => {
    const ids = new Set(embedded.map(e => e.id))
    const loose = [...scenarios.map(([file, s]) => [file, s.id]), ...quizzes.map(([file, q]) => [file, q.id])].filter(([, id]) => !ids.has(id!))
    expect(loose.map(([file]) => file)).toEqual([])
  })
})

describe('texts the browser must not see before an answer', () => {
  // The leak checks (tests/support/course-content.ts) tell whose feedback reached the browser by its text, so
  // each feedback, explanation, consequence and debrief must belong to one question, choice or ending only.
  it('each belongs to one question, scenario choice or ending', () => {
    const owners = new Map<string, Set<string>>()
    for (const s of secrets) owners.set(s.text, (owners.get(s.text) ?? new Set()).add(s.owner))
    const shared = [...owners].filter(([, o]) => o.size > 1).map(([text, o]) => `${[...o].join(' and ')}: ${text}`)
    expect(shared).toEqual([])
  })
})
