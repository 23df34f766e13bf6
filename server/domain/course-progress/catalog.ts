/** The course as the server holds it: read once from @nuxt/content, then plain data for the rules. */
import type { PoolFile, Quiz, Scenario } from './course-types'

export type ActivityType = 'quiz' | 'scenario'

export interface CatalogSection {
  id: string
  title: string
  order: number
  minutes: number
  preview: boolean
  description: string
  outcomes: string[]
  /** The course versions in which the section was written or changed materially (content.schemas.ts). */
  changedIn: number[]
  /** Quizzes and scenarios embedded in the section, in page order: all are required. */
  activities: { id: string, type: ActivityType }[]
  /** Ids of the section's `##` headings, in order: the positions a learner can resume at. */
  anchors: string[]
  /** Ids of the section's private reflection prompts. */
  reflections: string[]
  /** The rendered markdown tree (minimark), served only to learners allowed to read it. */
  body: unknown
}

export interface CourseCatalog {
  title: string
  version: number
  passMark: number
  totalMinutes: number
  cpdHours: number
  outcomes: string[]
  drawCount: number
  /** The share of a section's estimated minutes that must be credited before it is done (course.yml `studyShare`). */
  studyShare: number
  sections: CatalogSection[]
  quizzes: Map<string, Quiz>
  scenarios: Map<string, Scenario>
  pool: PoolFile[]
}

type MinimarkNode = string | [string, Record<string, unknown>, ...MinimarkNode[]]

/** Walks a minimark body and collects embedded activities, reflections and `##` heading ids, in document order. */
export function scanSectionBody(body: unknown): Pick<CatalogSection, 'activities' | 'anchors' | 'reflections'> {
  const activities: CatalogSection['activities'] = []
  const anchors: string[] = []
  const reflections: string[] = []
  const visit = (node: MinimarkNode) => {
    if (!Array.isArray(node)) return
    const [tag, props, ...children] = node
    if ((tag === 'quiz' || tag === 'scenario') && typeof props?.id === 'string') activities.push({ id: props.id, type: tag })
    if (tag === 'h2' && typeof props?.id === 'string') anchors.push(props.id)
    if (tag === 'reflection' && typeof props?.id === 'string') reflections.push(props.id)
    children.forEach(visit)
  }
  const value = (body as { value?: MinimarkNode[] } | null)?.value
  if (Array.isArray(value)) value.forEach(visit)
  return { activities, anchors, reflections }
}

export function findSection(catalog: CourseCatalog, sectionId: string) {
  return catalog.sections.find(s => s.id === sectionId)
}

/** Where each activity lives, so an answer can be tied to its section. */
export function sectionOfActivity(catalog: CourseCatalog, activityId: string) {
  return catalog.sections.find(s => s.activities.some(a => a.id === activityId))
}

/** The section holding a reflection prompt: reflections are saved only against prompts that exist. */
export function sectionOfReflection(catalog: CourseCatalog, reflectionId: string) {
  return catalog.sections.find(s => s.reflections.includes(reflectionId))
}
