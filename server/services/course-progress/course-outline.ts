import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The course's version and section ids, read from the content files so demo progress matches the course
 * being developed. Best effort: without the files, demo learners simply show no finished sections.
 */
export function readCourseOutline(dir = 'content'): { version: number, sectionIds: string[] } {
  try {
    const version = Number(readFileSync(join(dir, 'course.yml'), 'utf8').match(/^version:\s*(\d+)/m)?.[1] ?? 1)
    const sectionIds = readdirSync(join(dir, 'sections')).filter(f => f.endsWith('.md')).sort()
      .map(f => readFileSync(join(dir, 'sections', f), 'utf8').match(/^key:\s*([a-z0-9-]+)\s*$/m)?.[1])
      .filter((id): id is string => Boolean(id))
    return { version, sectionIds }
  }
  catch {
    return { version: 1, sectionIds: [] }
  }
}
