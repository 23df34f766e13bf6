import { describe, expect, it } from 'vitest'
import type { Question } from '../../../server/domain/course-progress/course-types'
import { loadContent } from '../../../scripts/content/load'
import { scanPage } from '../../../scripts/content/metrics'

// Terms that guidance has retired, and words young people have asked adults not to use, may appear only
// where the text explains them: what replaced them, or why they hurt. A "passage" is the smallest piece a
// learner reads as one: a paragraph or list item, a scenario choice with its feedback, an answer with its
// feedback. A heading may be explained by the paragraph under it.

const RETIRED_TERMS: [string, RegExp][] = [
  ['"absent" as a police category', /\babsent\b/i],
  ['LSCB', /\bLSCBs?\b|Local Safeguarding Children Boards?/i],
  ['Missing Persons Bureau', /Missing Persons Bureau/i],
  ['abscond', /\babscond/i],
]

// From the brief's tone note: Language That Cares (TACT) and the appropriate language guide (The Children's Society).
const WORDS_TO_AVOID: [string, RegExp][] = [
  ['misper', /\bmispers?\b/i],
  ['frequent flyer', /frequent flyer/i],
  ['LAC as a label', /\bLAC\b(?!\()/], // not the circular LAC(2004)4
  ['attention-seeking', /attention[- ]seeking/i],
  ['manipulative', /\bmanipulative\b/i],
  ['kicking off', /kicking off/i],
  ['challenging behaviour', /challenging behaviour/i],
  ['putting themselves at risk', /putting (?:themselves|himself|herself) at risk/i],
  ['choosing a lifestyle', /choos\w+ (?:this|a|that|the)(?: \w+)? lifestyle/i],
  ['drug runner or dealer', /drug (?:runner|dealer)/i],
  ['child prostitute', /child prostitut/i],
  ['promiscuous', /\bpromiscu/i],
  ['streetwise', /\bstreetwise\b/i],
  ['respite', /\brespite\b/i],
  ['asylum seeker as a label', /\basylum seekers?\b/i],
]

/** Words that show a passage is explaining a term rather than using it. */
const EXPLAINS = /no longer|replac|dropped|retired|\bold\b|older|out of date|renamed|instead|rather than|→|\blabel|blam|stigma|not to use|never (?:say|use)|asked (?:adults|to be)|prefer|suggests? using/i

interface Passage { where: string, text: string, heading?: boolean }

const content = await loadContent()

function passagesOfPage(file: string, tree: Parameters<typeof scanPage>[0]): Passage[] {
  const scan = scanPage(tree)
  return scan.blocks.map((text, i) => ({ where: `${file} block ${i + 1}`, text, heading: scan.blockTags[i]!.startsWith('h') }))
}

function passagesOfQuestion(file: string, q: Question): Passage[] {
  const where = `${file} ${q.id}`
  const answers = q.type === 'ordering'
    ? q.items.map(i => `${i.text} ${i.feedback}`)
    : q.type === 'matching' ? q.pairs.map(p => `${p.left} ${p.right} ${p.feedback}`) : q.options.map(o => `${o.text} ${o.feedback}`)
  return [q.prompt, q.explanation, ...answers].map(text => ({ where, text }))
}

const passages: Passage[] = [
  ...[...content.sections, ...content.pages, ...content.aids].flatMap(p => passagesOfPage(p.file, p.tree)),
  ...content.scenarios.flatMap(({ file, data: s }) => [
    { where: file, text: s.summary },
    ...s.steps.flatMap(st => [
      { where: `${file} ${st.id}`, text: st.text },
      ...st.choices.map(c => ({ where: `${file} ${st.id}/${c.id}`, text: `${c.text} ${c.consequence} ${c.feedback}` })),
    ]),
    ...s.endings.map(e => ({ where: `${file} ${e.id}`, text: `${e.title} ${e.text} ${e.debrief}` })),
  ]),
  ...[...content.quizzes, ...content.pools].flatMap(({ file, data }) => data.questions.flatMap(q => passagesOfQuestion(file, q))),
]

/** Passages that use a term without explaining it. */
function unexplained(terms: [string, RegExp][], list: Passage[]): string[] {
  return list.flatMap((p, i) => terms
    .filter(([, re]) => re.test(p.text))
    .filter(() => !EXPLAINS.test(p.text) && !(p.heading && EXPLAINS.test(list[i + 1]?.text ?? '')))
    .map(([name]) => `${p.where}: ${name} in "${p.text.slice(0, 120)}"`))
}

describe('language', () => {
  it('reads every file: sections, pages, scenarios, quizzes and the pool', () => {
    expect(passages.length).toBeGreaterThan(1000)
  })

  it('catches a retired term used as if current, and allows one that is explained', () => {
    expect(unexplained(RETIRED_TERMS, [{ where: 'x', text: 'Police will record her as absent.' }])).toHaveLength(1)
    expect(unexplained(RETIRED_TERMS, [{ where: 'x', text: 'The LSCB will review the case.' }])).toHaveLength(1)
    expect(unexplained(RETIRED_TERMS, [{ where: 'x', text: 'The old "absent" category was dropped.' }])).toEqual([])
    expect(unexplained(RETIRED_TERMS, [{ where: 'x', text: 'Absent', heading: true }, { where: 'y', text: 'An old police category.' }])).toEqual([])
  })

  it('uses retired terms ("absent", LSCB, Missing Persons Bureau, abscond) only to explain what replaced them', () => {
    expect(unexplained(RETIRED_TERMS, passages)).toEqual([])
  })

  it('uses words young people asked adults to avoid only to explain why', () => {
    expect(unexplained(WORDS_TO_AVOID, passages)).toEqual([])
  })
})
