import type { H3Event } from 'h3'
import type { CourseCatalog } from '../domain/catalog'
import { DomainError } from '../domain/errors'
import type { CourseShape } from '../services/org-dashboard'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The organisation id in an /api/orgs/<orgId>/... route (requireOrgRole checks its shape and who may use it). */
export function orgIdParam(event: H3Event): string {
  return getRouterParam(event, 'orgId') ?? ''
}

/** Another id from the route: anything that is not a UUID cannot name a row, so it is a 404, never a database error. */
export function idParam(event: H3Event, name: string, what: string): string {
  const id = getRouterParam(event, name) ?? ''
  if (!UUID.test(id)) throw new DomainError('not_found', `There is no such ${what} in this organisation.`)
  return id
}

/** The parts of the course the dashboard counts. */
export function courseShape(course: CourseCatalog): CourseShape {
  return { version: course.version, sectionIds: course.sections.map(s => s.id) }
}

/** Organisation data is personal data: never kept in a shared or browser cache. */
export function noStore(event: H3Event) {
  setHeader(event, 'cache-control', 'no-store')
}
