/**
 * Measures for the course text: words, readability, a time model and the links a page makes.
 * Pure functions over parsed content, shared by the content tests (tests/unit/content) and
 * `npm run content:report`. The rules behind each number are written up in docs/content-authoring.md.
 */
import { diagramByTag, diagramText } from '../../shared/diagrams'
import { flesch } from 'flesch'
import { syllable } from 'syllable'
import type { Question, Scenario } from '../../server/domain/course-progress/course-types'
import { scenarioRoutes } from '../../server/domain/course-progress/scenarios'

/** A node of the markdown tree that @nuxtjs/mdc's parseMarkdown returns (the parser @nuxt/content uses). */
export interface MdNode {
  type: string
  tag?: string
  value?: string
  props?: Record<string, unknown>
  children?: MdNode[]
}

/** Blocks that embed an activity: their words are counted with the activity, not the page. */
const ACTIVITY_TAGS = new Set(['quiz', 'scenario'])
/** Elements whose text stands alone, like a sentence: a heading or list item has no full stop of its own. */
const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'th', 'td', 'blockquote', 'dt', 'dd'])

export interface PageScan {
  /** Learner-facing text, one entry per block (paragraph, heading, list item, statistic). */
  blocks: string[]
  /** The element each block came from (p, h2, li, statistic...), in step with `blocks`. */
  blockTags: string[]
  /** Every link target, as written. */
  links: string[]
  /** Every heading id, in order. */
  headingIds: string[]
  activities: { type: 'quiz' | 'scenario', id: string }[]
  reflections: string[]
  /** Diagrams embedded (`::diagram-...`), by tag. */
  diagrams: string[]
}

/** Walks a parsed page and collects its prose, links, heading ids and embedded blocks. */
export function scanPage(root: MdNode): PageScan {
  const scan: PageScan = { blocks: [], blockTags: [], links: [], headingIds: [], activities: [], reflections: [], diagrams: [] }
  const addBlock = (tag: string, text: string) => {
    scan.blocks.push(text)
    scan.blockTags.push(tag)
  }
  const textOf = (node: MdNode): string => node.type === 'text' ? node.value ?? '' : (node.children ?? []).map(textOf).join('')
  const visit = (node: MdNode) => {
    if (node.type !== 'element' && node.type !== 'root') return
    const tag = node.tag ?? ''
    const props = node.props ?? {}
    if (ACTIVITY_TAGS.has(tag) && typeof props.id === 'string') {
      scan.activities.push({ type: tag as 'quiz' | 'scenario', id: props.id })
      return
    }
    if (tag === 'reflection' && typeof props.id === 'string') scan.reflections.push(props.id)
    if (tag === 'a' && typeof props.href === 'string') scan.links.push(props.href)
    if (/^h[1-6]$/.test(tag) && typeof props.id === 'string') scan.headingIds.push(props.id)
    // A diagram's words live in shared/diagrams.ts, not the markdown; the learner reads them all on the page.
    const diagram = diagramByTag.get(tag)
    if (diagram) {
      scan.diagrams.push(tag)
      diagramText(diagram).forEach(text => addBlock('diagram', text))
      return
    }
    // A statistic's figure and label are shown as text; its source is a citation line.
    if (tag === 'statistic') addBlock(tag, `${String(props.value ?? '')} ${String(props.label ?? '')}.`)
    if (BLOCK_TAGS.has(tag) && !(node.children ?? []).some(c => c.type === 'element' && BLOCK_TAGS.has(c.tag ?? ''))) {
      const text = textOf(node).replace(/\s+/g, ' ').trim()
      if (text) addBlock(tag, text)
      // Links inside a block still count.
      const links = (n: MdNode) => {
        if (n.tag === 'a' && typeof n.props?.href === 'string') scan.links.push(n.props.href)
        n.children?.forEach(links)
      }
      node.children?.forEach(links)
      return
    }
    node.children?.forEach(visit)
  }
  visit(root)
  return scan
}

/** A web address shown as link text (missingpeople.org.uk): looked up, not read as prose. */
const WEB_ADDRESS = /^(?=.*[a-z])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i

/** Words as a reader meets them: runs of letters or digits, with apostrophes and inner hyphens kept. */
export function wordsOf(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+(?:['’.,\-/][\p{L}\p{N}]+)*/gu) ?? []).filter(w => !WEB_ADDRESS.test(w))
}

/**
 * Syllables in one word. Numbers and symbols count as one. Capitalised abbreviations such as NSPCC are read
 * letter by letter, so each letter is a syllable (W is three); this errs towards a lower, stricter score.
 */
export function syllablesOf(word: string): number {
  if (!/\p{L}/u.test(word)) return 1
  if (/^[A-Z]{2,}s?$/.test(word)) return [...word.replace(/s$/, '')].reduce((n, ch) => n + (ch === 'W' ? 3 : 1), 0)
  return Math.max(1, syllable(word))
}

/** Sentences in a block: ends of sentences are . ! ? followed by a space or the end; a block always ends one. */
export function sentencesOf(block: string): number {
  const inner = block.trim().replace(/[.!?…]+["'”’)]*$/, '').match(/[.!?]+["'”’)]*\s+(?=["'“‘(]?[\p{Lu}\p{N}])/gu)
  return (inner?.length ?? 0) + 1
}

export interface Readability {
  words: number
  sentences: number
  syllables: number
  /** Flesch Reading Ease: 206.835 − 1.015 × words per sentence − 84.6 × syllables per word. */
  flesch: number
}

export function readability(blocks: readonly string[]): Readability {
  const words = blocks.flatMap(wordsOf)
  const counts = {
    words: words.length,
    sentences: blocks.reduce((n, b) => n + (wordsOf(b).length > 0 ? sentencesOf(b) : 0), 0),
    syllables: words.reduce((n, w) => n + syllablesOf(w), 0),
  }
  return { ...counts, flesch: counts.words === 0 ? 0 : flesch({ sentence: counts.sentences, word: counts.words, syllable: counts.syllables }) }
}

// The time model (see docs/content-authoring.md, "How long a section takes").
export const TIME_MODEL = {
  /** Adults reading plain English on screen. */
  wordsPerMinute: 200,
  /** Thinking and choosing, on top of reading, for each question or scenario decision. */
  secondsPerChoice: 20,
  /** Arranging items on a phone takes longer than tapping one answer. */
  secondsPerArrangement: 40,
  /** Thinking about and writing a private reflection. */
  minutesPerReflection: 1,
} as const

const readingMinutes = (text: readonly string[]) => text.flatMap(wordsOf).length / TIME_MODEL.wordsPerMinute
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)

/** One question: read the prompt and every answer, answer it, then read one piece of feedback and the explanation. */
export function questionMinutes(q: Question): number {
  const shown = q.type === 'ordering'
    ? q.items.map(i => i.text)
    : q.type === 'matching' ? q.pairs.flatMap(p => [p.left, p.right]) : q.options.map(o => o.text)
  const feedback = q.type === 'ordering' ? q.items : q.type === 'matching' ? q.pairs : q.options
  const feedbackMinutes = mean(feedback.map(f => readingMinutes([f.feedback])))
  const thinking = (q.type === 'ordering' || q.type === 'matching' ? TIME_MODEL.secondsPerArrangement : TIME_MODEL.secondsPerChoice) / 60
  return readingMinutes([q.prompt, ...shown, q.explanation]) + feedbackMinutes + thinking
}

/** Every route from the start to an ending, as the steps and choices taken and the ending the whole path reaches. */
export function scenarioPaths(s: Scenario): { steps: Scenario['steps'], choices: Scenario['steps'][number]['choices'], ending: string }[] {
  return scenarioRoutes(s).map((route) => {
    const steps = route.path.map(e => s.steps.find(st => st.id === e.stepId)!)
    return { steps, choices: route.path.map((e, i) => steps[i]!.choices.find(c => c.id === e.choiceId)!), ending: route.ending.id }
  })
}

/**
 * One scenario, averaged over every route through it: the summary; at each step, the situation and all the
 * choices, then the consequence and feedback of the one taken; the ending and its debrief; plus thinking
 * time for each decision.
 */
export function scenarioMinutes(s: Scenario): number {
  const endings = new Map(s.endings.map(e => [e.id, e]))
  return mean(scenarioPaths(s).map((path) => {
    const ending = endings.get(path.ending)!
    const text = [
      s.summary,
      ...path.steps.flatMap(st => [st.text, ...st.choices.map(c => c.text)]),
      ...path.choices.flatMap(c => [c.consequence, c.feedback]),
      ending.title, ending.text, ending.debrief,
    ]
    return readingMinutes(text) + path.choices.length * TIME_MODEL.secondsPerChoice / 60
  }))
}

/** Decision points on the shortest and longest routes through a scenario. */
export function decisionRange(s: Scenario): { fewest: number, most: number } {
  const lengths = scenarioPaths(s).map(p => p.choices.length)
  return { fewest: Math.min(...lengths), most: Math.max(...lengths) }
}

export interface SectionTime {
  reading: number
  quizzes: number
  scenarios: number
  reflections: number
  total: number
}

export function sectionMinutes(scan: PageScan, quizzes: { questions: Question[] }[], scenarios: Scenario[]): SectionTime {
  const reading = readingMinutes(scan.blocks)
  const quizTime = quizzes.flatMap(q => q.questions).reduce((n, q) => n + questionMinutes(q), 0)
  const scenarioTime = scenarios.reduce((n, s) => n + scenarioMinutes(s), 0)
  const reflections = scan.reflections.length * TIME_MODEL.minutesPerReflection
  return { reading, quizzes: quizTime, scenarios: scenarioTime, reflections, total: reading + quizTime + scenarioTime + reflections }
}

/** How far a section's stated minutes may sit from the model: a fifth of the model, and never less than 2 minutes. */
export function minutesTolerance(modelMinutes: number): number {
  return Math.max(2, modelMinutes * 0.2)
}
