import type { H3Event } from 'h3'
import type { CourseCatalog } from '../domain/course-progress/catalog'
import type { CourseShape } from '../services/organisations/org-dashboard'

/** The parts of the course the dashboard counts. */
export function courseShape(course: CourseCatalog): CourseShape {
  return { version: course.version, sectionIds: course.sections.map(s => s.id) }
}

/** Organisation data is personal data: never kept in a shared or browser cache. */
export function noStore(event: H3Event) {
  setHeader(event, 'cache-control', 'no-store')
}
