/**
 * `npm run content:report`: the course in figures. Each section's stated minutes beside the time model,
 * its word count and Flesch Reading Ease, then the scenarios and the questions by type.
 * Prints markdown tables, so the output can be pasted into docs.
 */
import type { Question, QuestionType } from '../../server/domain/course-progress/course-types'
import { blindReport, goodChoiceLongest, STRATEGIES } from './blind'
import { loadContent } from './load'
import { decisionRange, questionMinutes, readability, scanPage, scenarioMinutes, scenarioPaths, sectionMinutes } from './metrics'

const content = await loadContent()
const scenarios = new Map(content.scenarios.map(s => [s.data.id, s.data]))
const quizzes = new Map(content.quizzes.map(q => [q.data.id, q.data]))
const round1 = (n: number) => n.toFixed(1)

const lines: string[] = []
lines.push('| # | section | minutes | model | words | Flesch |', '|---|---|---:|---:|---:|---:|')
let minutes = 0
let modelled = 0
let words = 0
for (const section of content.sections) {
  const scan = scanPage(section.tree)
  const read = readability(scan.blocks)
  const model = sectionMinutes(
    scan,
    scan.activities.filter(a => a.type === 'quiz').map(a => quizzes.get(a.id)!).filter(Boolean),
    scan.activities.filter(a => a.type === 'scenario').map(a => scenarios.get(a.id)!).filter(Boolean),
  )
  minutes += section.meta.minutes
  modelled += model.total
  words += read.words
  lines.push(`| ${section.meta.order} | ${section.meta.title} | ${section.meta.minutes} | ${round1(model.total)} | ${read.words} | ${round1(read.flesch)} |`)
}
lines.push(`| | **Total** | **${minutes}** | **${round1(modelled)}** | **${words}** | |`, '')

lines.push('| scenario | section | decision steps | decisions on a route (fewest–most) | routes | endings | minutes (model) | Flesch |', '|---|---|---:|---|---:|---:|---:|---:|')
for (const { data: s } of content.scenarios) {
  const section = content.sections.find(sec => scanPage(sec.tree).activities.some(a => a.id === s.id))
  const range = decisionRange(s)
  const text = [s.summary, ...s.steps.flatMap(st => [st.text, ...st.choices.flatMap(c => [c.text, c.consequence, c.feedback])]), ...s.endings.flatMap(e => [e.text, e.debrief])]
  lines.push(`| ${s.title} | ${section?.meta.order ?? '-'} | ${s.steps.length} | ${range.fewest}–${range.most} | ${scenarioPaths(s).length} | ${s.endings.length} | ${round1(scenarioMinutes(s))} | ${round1(readability(text).flesch)} |`)
}
lines.push('')

const types: QuestionType[] = ['single', 'multiple', 'truefalse', 'ordering', 'matching']
const count = (qs: readonly Question[]) => types.map(t => qs.filter(q => q.type === t).length)
const quizQuestions = content.quizzes.flatMap(q => q.data.questions)
const poolQuestions = content.pools.flatMap(p => p.data.questions)
lines.push(`| questions | ${types.join(' | ')} | total |`, `|---|${types.map(() => '---:').join('|')}|---:|`)
for (const [name, qs] of [['section quizzes', quizQuestions], ['assessment pool', poolQuestions], ['all', [...quizQuestions, ...poolQuestions]]] as const) {
  lines.push(`| ${name} | ${count(qs).join(' | ')} | ${qs.length} |`)
}
lines.push('')
const draw = content.course.data.assessment.drawCount
const perQuestion = poolQuestions.reduce((n, q) => n + questionMinutes(q), 0) / poolQuestions.length
lines.push(`Final assessment: ${draw} questions drawn per attempt from ${poolQuestions.length} (${content.pools.map(p => p.data.questions.length).join(', ')} by section), about ${Math.round(draw * perQuestion)} minutes on the same model.`)

lines.push('')

// Can the questions be passed by test-taking habits? (scripts/content/blind.ts; the content tests keep the best under 50%.)
const pct = (x: number) => `${Math.round(x * 100)}%`
const spread = (counts: number[]) => counts.map((n, i) => `${i + 1}: ${n}`).join(', ') || '-'
const sets = [['section quizzes', quizQuestions], ['assessment pool', poolQuestions], ['all', [...quizQuestions, ...poolQuestions]]] as const
const reports = sets.map(([name, qs]) => [name, blindReport(qs)] as const)
lines.push(`| blind test-taking (choice questions) | ${reports.map(([name]) => name).join(' | ')} |`, `|---|${reports.map(() => '---:').join('|')}|`)
lines.push(`| choice questions | ${reports.map(([, r]) => r.questions).join(' | ')} |`)
lines.push(`| longest option is the key (single choice) | ${reports.map(([, r]) => pct(r.longestIsKey)).join(' | ')} |`)
lines.push(`| longest option is keyed (choose all that apply) | ${reports.map(([, r]) => pct(r.longestIsKeyedInMultiple)).join(' | ')} |`)
for (const type of ['single', 'multiple', 'truefalse'] as const) {
  lines.push(`| keys by position, ${type} | ${reports.map(([, r]) => spread(r.positions[type])).join(' | ')} |`)
}
for (const name of STRATEGIES) {
  lines.push(`| score of "${name}" (single / multiple / true-false → all) | ${reports.map(([, r]) => {
    const s = r.strategies[name]
    return `${pct(s.single)} / ${pct(s.multiple)} / ${pct(s.truefalse)} → **${pct(s.all)}**`
  }).join(' | ')} |`)
}
lines.push(`| **best habit for each type** (must stay under 50%) | ${reports.map(([, r]) => `**${pct(r.best)}**`).join(' | ')} |`)
const longest = goodChoiceLongest(content.scenarios.map(s => s.data))
lines.push('', `Scenarios: the longest choice is a good one in ${longest.longestIsGood} of ${longest.steps} steps (${pct(longest.longestIsGood / Math.max(1, longest.steps))}; must stay at or under 40%).`)

console.info(lines.join('\n'))
