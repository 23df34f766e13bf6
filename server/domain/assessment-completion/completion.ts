/**
 * What a completion requires, stated once (issue 22 item 5; docs/compliance.md). A learner's first
 * completion requires every section and the final assessment. A refresher (a new completion after a
 * certificate expires) requires only the sections that changed since the version of the completion it
 * renews, and the final assessment; the other sections are carried over, open to revisit.
 * server/services/assessment-completion/completion.ts applies these rules; the assessment and progress services call it.
 */
import { type ComplianceStatus, statusOf } from '../organisations/compliance'
import { isCourseComplete } from '../course-progress/progress'

export interface VersionedSection {
  id: string
  title: string
  /** The one-line summary a refresher shows beside a changed section. */
  description: string
  /** The course versions in which the section was written or changed materially, oldest first. */
  changedIn: readonly number[]
}

export interface SectionLine { id: string, title: string, summary: string }

export type CompletionRule =
  | { kind: 'first', requiredSectionIds: string[] }
  | {
    kind: 'refresher'
    /** The course version of the completion being renewed. */
    fromVersion: number
    requiredSectionIds: string[]
    /** Changed since `fromVersion`: required, shown with their summary. */
    changed: SectionLine[]
    /** Unchanged: carried over, optional to revisit. */
    carriedOver: SectionLine[]
  }

/** Whether a section changed materially after `fromVersion`, up to and including the course's version now. */
export function changedSince(section: Pick<VersionedSection, 'changedIn'>, fromVersion: number, courseVersion: number): boolean {
  return section.changedIn.some(v => v > fromVersion && v <= courseVersion)
}

/**
 * The rule for one enrolment: `renewsVersion` is null for a first enrolment, or the course version of the
 * completion a refresher renews. Nothing changed since then: the refresher requires the assessment only.
 */
export function completionRule(sections: readonly VersionedSection[], courseVersion: number, renewsVersion: number | null): CompletionRule {
  if (renewsVersion === null) return { kind: 'first', requiredSectionIds: sections.map(s => s.id) }
  const line = (s: VersionedSection): SectionLine => ({ id: s.id, title: s.title, summary: s.description })
  const changed = sections.filter(s => changedSince(s, renewsVersion, courseVersion))
  return {
    kind: 'refresher',
    fromVersion: renewsVersion,
    requiredSectionIds: changed.map(s => s.id),
    changed: changed.map(line),
    carriedOver: sections.filter(s => !changed.includes(s)).map(line),
  }
}

/** The sections a rule still waits for, in course order. */
export function sectionsLeft<S extends { id: string }>(sections: readonly S[], rule: CompletionRule, completedSectionIds: Iterable<string>): S[] {
  const done = new Set(completedSectionIds)
  const required = new Set(rule.requiredSectionIds)
  return sections.filter(s => required.has(s.id) && !done.has(s.id))
}

/** A completion is due once the rule's sections are complete and the final assessment is passed. */
export function isCompletionDue(rule: CompletionRule, completedSectionIds: Iterable<string>, assessmentPassed: boolean): boolean {
  return isCourseComplete({ sectionIds: rule.requiredSectionIds, completedSectionIds: new Set(completedSectionIds), assessmentPassed })
}

/** A refresher can start once the certificate is expiring soon or has expired (never when it does not expire). */
export function refresherOpen(expiresOn: string | null, today: string): boolean {
  const status: ComplianceStatus = statusOf({ base: 'completed', dueOn: null, expiresOn }, today)
  return status === 'expiring_soon' || status === 'expired'
}
