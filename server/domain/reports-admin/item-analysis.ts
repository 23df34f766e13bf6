import { MIN_GROUP_SIZE } from '../organisations/compliance'
import type { Answer } from '../assessment-completion/grading'

/**
 * What learners find hard, from their first answers only (a second try after feedback says little about
 * what they knew): for a lead's team, the share who got each item wrong and the commonest wrong choice;
 * for the charity, classic item analysis (facility, discrimination, how often each option is picked).
 * Pure functions over the responses; server/services/reports-admin/insight.ts reads them from the database.
 */

export type ItemKind = 'question' | 'assessment' | 'decision'

export interface Response {
  /** The learner (an enrolment id): never shown, only counted. */
  learner: string
  /** The learner's group for the team filter: a team id, or null for no team. */
  group: string | null
  item: string
  /** The section the item belongs to (for the section rows and the link). */
  section: string
  correct: boolean
  /** The choice made, as a stable key (choiceKey). */
  choice: string
}

/** A choice as a key that equal answers share: an option id, sorted ids for "choose all that apply", the order given. */
export function choiceKey(answer: Answer | { choiceId: string } | null | undefined): string {
  if (!answer) return '—'
  if ('choiceId' in answer) return answer.choiceId
  if ('optionId' in answer) return answer.optionId
  if ('optionIds' in answer) return [...answer.optionIds].sort().join('+')
  if ('order' in answer) return `order:${answer.order.join('>')}`
  return `matches:${Object.entries(answer.matches).sort(([a], [b]) => a.localeCompare(b)).map(([l, r]) => `${l}=${r}`).join(',')}`
}

/**
 * The k-anonymity rule (MIN_GROUP_SIZE), applied to one set of numbers: the sizes of the cells a reader
 * could subtract from each other. A view is shown only when it has at least MIN_GROUP_SIZE people and
 * every cell that could be differenced against it has none or at least MIN_GROUP_SIZE, so that no
 * combination of filters (a team, everyone, everyone minus a team) can narrow down to fewer people.
 */
export function cellsPublishable(cells: readonly number[], viewSize: number): boolean {
  return viewSize >= MIN_GROUP_SIZE && cells.every(n => n === 0 || n >= MIN_GROUP_SIZE)
}

export interface InsightRow {
  item: string
  section: string
  learners: number
  /** 0..1: the share who got it wrong the first time. */
  wrongShare: number
  /** The commonest wrong choice's key, or null when nobody got it wrong. */
  commonestWrong: string | null
}

export type InsightAnswer =
  | { shown: true, learners: number, sections: InsightRow[], items: InsightRow[], hidden: number }
  | { shown: false, reason: 'too_few' }

function countBy<T>(values: readonly T[], key: (v: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1)
  return counts
}

function commonest(counts: Map<string, number>): string | null {
  let best: string | null = null
  for (const [k, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && k < best)) best = k
  return best
}

/**
 * The insight for a view of an organisation: everyone (group undefined) or one group (a team id, or null
 * for "not in a team"). Every number goes through cellsPublishable with the sizes of all the groups, so a
 * team's view and "everyone" can never be subtracted down to fewer than MIN_GROUP_SIZE people. Items or
 * sections that fail the rule on their own are left out and counted in `hidden`.
 */
export function insightFor(responses: readonly Response[], group?: string | null): InsightAnswer {
  const filtered = group === undefined ? responses : responses.filter(r => r.group === group)
  const groupSizes = (rs: readonly Response[]) => [...countBy([...new Map(rs.map(r => [r.learner, r])).values()], r => String(r.group)).values()]
  const learners = new Set(filtered.map(r => r.learner)).size
  // A filtered view must not leave a small remainder anywhere; "everyone" needs only enough people.
  const viewOk = (all: readonly Response[], view: readonly Response[]) => {
    const size = new Set(view.map(r => r.learner)).size
    return group === undefined ? size >= MIN_GROUP_SIZE : cellsPublishable(groupSizes(all), size)
  }
  if (!viewOk(responses, filtered)) return { shown: false, reason: 'too_few' }

  const rowsOf = (keyOf: (r: Response) => string) => {
    const rows: InsightRow[] = []
    let hidden = 0
    const byKey = new Map<string, Response[]>()
    for (const r of responses) {
      const k = keyOf(r)
      if (!byKey.has(k)) byKey.set(k, [])
      byKey.get(k)!.push(r)
    }
    for (const [key, all] of byKey) {
      const view = group === undefined ? all : all.filter(r => r.group === group)
      if (!view.length) continue
      if (!viewOk(all, view)) {
        hidden++
        continue
      }
      // One verdict per learner: for a section, wrong if any of their first answers in it was wrong.
      const perLearner = new Map<string, Response[]>()
      for (const r of view) perLearner.set(r.learner, [...(perLearner.get(r.learner) ?? []), r])
      const wrongLearners = [...perLearner.values()].filter(rs => rs.some(r => !r.correct)).length
      rows.push({
        item: key,
        section: view[0]!.section,
        learners: perLearner.size,
        wrongShare: wrongLearners / perLearner.size,
        commonestWrong: commonest(countBy(view.filter(r => !r.correct), r => r.choice)),
      })
    }
    rows.sort((a, b) => b.wrongShare - a.wrongShare || a.item.localeCompare(b.item))
    return { rows, hidden }
  }
  const items = rowsOf(r => r.item)
  const sections = rowsOf(r => r.section)
  // A section row's "commonest wrong choice" would mix items: it is not given.
  return { shown: true, learners, sections: sections.rows.map(s => ({ ...s, item: s.section, commonestWrong: null })), items: items.rows, hidden: items.hidden + sections.hidden }
}

export interface ItemStatistics {
  item: string
  responses: number
  /** 0..1: the share answering right first time. */
  facility: number
  /**
   * -1..1: the upper-lower index. Learners are ranked by their share of first answers right over every item;
   * the share right among the top 27 % minus the share right among the bottom 27 %. Near 0 or negative: the
   * item does not separate stronger from weaker learners (or misleads the stronger ones).
   */
  discrimination: number | null
  /** How often each choice was picked, commonest first. */
  choices: { choice: string, count: number }[]
}

/** Item analysis across all learners, for the charity's question writers. */
export function itemStatistics(responses: readonly Response[]): ItemStatistics[] {
  const byLearner = new Map<string, { right: number, total: number }>()
  for (const r of responses) {
    const s = byLearner.get(r.learner) ?? { right: 0, total: 0 }
    s.total++
    if (r.correct) s.right++
    byLearner.set(r.learner, s)
  }
  const ranked = [...byLearner.entries()].sort(([a, x], [b, y]) => x.right / x.total - y.right / y.total || a.localeCompare(b)).map(([id]) => id)
  const tail = Math.floor(ranked.length * 0.27)
  const lower = new Set(ranked.slice(0, tail))
  const upper = new Set(tail ? ranked.slice(-tail) : [])
  const byItem = new Map<string, Response[]>()
  for (const r of responses) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r])
  return [...byItem.entries()].map(([item, rs]) => {
    const share = (set: Set<string>) => {
      const inSet = rs.filter(r => set.has(r.learner))
      return inSet.length ? inSet.filter(r => r.correct).length / inSet.length : null
    }
    const up = share(upper)
    const low = share(lower)
    return {
      item,
      responses: rs.length,
      facility: rs.filter(r => r.correct).length / rs.length,
      discrimination: up === null || low === null ? null : up - low,
      choices: [...countBy(rs, r => r.choice).entries()].map(([choice, count]) => ({ choice, count })).sort((a, b) => b.count - a.count || a.choice.localeCompare(b.choice)),
    }
  }).sort((a, b) => a.item.localeCompare(b.item))
}
