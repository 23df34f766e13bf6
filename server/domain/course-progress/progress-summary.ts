import type { CoursePosition, SectionStatus } from './progress'

/** Where the final assessment stands for a learner. */
export type AssessmentStatus = 'locked' | 'available' | 'in_progress' | 'passed'

export interface AttemptFacts {
  submitted: boolean
  passed: boolean | null
  scorePercent: number | null
}

/** Passed beats everything; an open attempt is resumed; otherwise it opens once every section is done. */
export function assessmentStatus(allSectionsDone: boolean, attempts: AttemptFacts[]): AssessmentStatus {
  if (attempts.some(a => a.submitted && a.passed)) return 'passed'
  if (attempts.some(a => !a.submitted)) return 'in_progress'
  return allSectionsDone ? 'available' : 'locked'
}

/** Where "Continue" takes the learner: a section (at a `##` heading, or its top), or the assessment. */
export type ResumePoint =
  | { kind: 'section', sectionId: string, anchor: string | null }
  | { kind: 'assessment' }

export interface ProgressSummary {
  /** `anchor`: the `##` heading reached in an unfinished section, to reopen it there. */
  sections: { id: string, status: SectionStatus, anchor: string | null, completedAt: string | null }[]
  completedSections: number
  totalSections: number
  /** Share of the course's minutes in finished sections, 0..100, rounded down. */
  percent: number
  minutesLeft: number
  started: boolean
  /** null once the course is complete. */
  resume: ResumePoint | null
  assessment: {
    status: AssessmentStatus
    attempts: number
    lastPercent: number | null
    bestPercent: number | null
  }
  completedAt: string | null
}

export interface SummaryInput {
  sections: { id: string, minutes: number }[]
  progress: { sectionId: string, status: SectionStatus, lastAnchor: string | null, completedAt: Date | null }[]
  lastPosition: CoursePosition | null
  attempts: AttemptFacts[]
  completedAt: Date | null
  /** The sections the completion rule asks for before the assessment (server/domain/assessment-completion/completion.ts); all when left out. */
  requiredSectionIds?: readonly string[]
}

/** Picks the first unfinished section, looking from `from` onwards and then from the beginning. */
function firstUnfinished(sections: SummaryInput['sections'], done: Set<string>, from: number) {
  const order = [...sections.slice(from), ...sections.slice(0, from)]
  return order.find(s => !done.has(s.id))
}

function resumePoint(input: SummaryInput, completed: Set<string>): ResumePoint | null {
  if (input.completedAt) return null
  // A refresher's carried-over sections are optional: "Continue" passes them by, on to a changed one or the assessment.
  const required = input.requiredSectionIds && new Set(input.requiredSectionIds)
  const done = required ? new Set([...completed, ...input.sections.filter(s => !required.has(s.id)).map(s => s.id)]) : completed
  const position = input.lastPosition
  const index = position ? input.sections.findIndex(s => s.id === position.sectionId) : -1
  if (position && index >= 0 && !done.has(position.sectionId)) {
    return { kind: 'section', sectionId: position.sectionId, anchor: position.anchor || null }
  }
  // The last section read is finished (or the learner has not started): go on to the next unfinished one.
  const next = firstUnfinished(input.sections, done, index + 1)
  return next ? { kind: 'section', sectionId: next.id, anchor: null } : { kind: 'assessment' }
}

/** The course home's view of one learner: pure, so the rules are tested without a database. */
export function summariseProgress(input: SummaryInput): ProgressSummary {
  const rows = new Map(input.progress.map(p => [p.sectionId, p]))
  const sections = input.sections.map((s) => {
    const row = rows.get(s.id)
    const status = row?.status ?? 'not_started'
    return {
      id: s.id,
      status,
      anchor: status === 'in_progress' ? row?.lastAnchor || null : null,
      completedAt: status === 'completed' ? row?.completedAt?.toISOString() ?? null : null,
    }
  })
  const done = new Set(sections.filter(s => s.status === 'completed').map(s => s.id))
  const totalMinutes = input.sections.reduce((sum, s) => sum + s.minutes, 0)
  const doneMinutes = input.sections.filter(s => done.has(s.id)).reduce((sum, s) => sum + s.minutes, 0)
  const submitted = input.attempts.filter(a => a.submitted && a.scorePercent !== null)
  const scores = submitted.map(a => a.scorePercent!)
  return {
    sections,
    completedSections: done.size,
    totalSections: input.sections.length,
    percent: totalMinutes === 0 ? 0 : Math.floor((doneMinutes / totalMinutes) * 100),
    minutesLeft: totalMinutes - doneMinutes,
    started: sections.some(s => s.status !== 'not_started') || input.lastPosition !== null,
    resume: resumePoint(input, done),
    assessment: {
      status: assessmentStatus(input.sections.length > 0 && (input.requiredSectionIds ?? input.sections.map(s => s.id)).every(id => done.has(id)), input.attempts),
      attempts: submitted.length,
      lastPercent: scores.at(-1) ?? null,
      bestPercent: scores.length ? Math.max(...scores) : null,
    },
    completedAt: input.completedAt?.toISOString() ?? null,
  }
}
