import type { H3Event } from 'h3'
import { queryCollection } from '@nuxt/content/server'
import { scanSectionBody, type CourseCatalog } from '../domain/course-progress/catalog'
import type { PoolFile, Quiz, Scenario } from '../domain/course-progress/course-types'
import { DEFAULT_STUDY_SHARE } from '../domain/course-progress/progress'

let catalog: Promise<CourseCatalog> | undefined

/**
 * The author's stable id: a file's `key` (content.schemas.ts). Files cannot name it `id`, which @nuxt/content
 * reserves for the file's path; in the course's own code it is the section's, quiz's or scenario's `id`.
 */
function stableId(item: { id: string, key?: unknown }): string {
  if (typeof item.key !== 'string') throw new Error(`Content item ${item.id} has no key`)
  return item.key
}

/**
 * The whole course, read from @nuxt/content once per process: content is fixed at build time.
 * Answer keys live here, on the server; handlers decide what a learner may see.
 */
export function useCourse(event: H3Event): Promise<CourseCatalog> {
  catalog ??= (async () => {
    allowContentQueries(event)
    const [course, sections, quizzes, scenarios, pool] = await Promise.all([
      queryCollection(event, 'course').first(),
      queryCollection(event, 'sections').order('order', 'ASC').all(),
      queryCollection(event, 'quizzes').all(),
      queryCollection(event, 'scenarios').all(),
      queryCollection(event, 'assessmentPool').all(),
    ])
    if (!course) throw new Error('content/course.yml is missing')
    return {
      title: course.title,
      // The native SQLite connector hands numbers back as text.
      version: Number(course.version),
      passMark: Number(course.passMark),
      totalMinutes: Number(course.totalMinutes),
      cpdHours: Number(course.cpdHours),
      outcomes: course.outcomes,
      drawCount: Number(course.assessment.drawCount),
      studyShare: course.studyShare == null ? DEFAULT_STUDY_SHARE : Number(course.studyShare),
      sections: sections.map(s => ({
        id: stableId(s),
        title: s.title,
        order: Number(s.order),
        minutes: Number(s.minutes),
        preview: s.preview ?? false,
        description: s.description,
        outcomes: s.outcomes,
        // The native SQLite connector may hand numbers back as text.
        changedIn: (s.changedIn ?? []).map(Number),
        body: s.body,
        ...scanSectionBody(s.body),
      })),
      quizzes: new Map(quizzes.map(q => [stableId(q), { ...q, id: stableId(q) } as unknown as Quiz])),
      scenarios: new Map(scenarios.map(s => [stableId(s), { ...s, id: stableId(s) } as unknown as Scenario])),
      pool: pool as unknown as PoolFile[],
    }
  })()
  catalog.catch(() => { catalog = undefined })
  return catalog
}
