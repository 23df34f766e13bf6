/**
 * Reads every file under content/ as the tests and the content report see it. Markdown is parsed with
 * @nuxtjs/mdc's parseMarkdown, the parser @nuxt/content itself uses, so heading ids and blocks match the site.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseMarkdown } from '@nuxtjs/mdc/runtime'
import { parse as parseYaml } from 'yaml'
import type { PoolFile, Quiz, Scenario } from '../../server/domain/course-progress/course-types'
import type { MdNode } from './metrics'

export const contentDir = fileURLToPath(new URL('../../content/', import.meta.url))

export interface MarkdownFile {
  /** Path from the project root, e.g. content/sections/01-why-this-matters.md */
  file: string
  /** The frontmatter as written, before any schema defaults. */
  meta: Record<string, unknown>
  /** The text after the frontmatter. */
  raw: string
  tree: MdNode
}

export interface DataFile<T> {
  file: string
  data: T
}

export interface CourseMeta {
  title: string
  totalMinutes: number
  passMark: number
  assessment: { drawCount: number }
}

export interface SectionMeta {
  /** The file's stable id (content.schemas.ts). */
  key: string
  title: string
  order: number
  minutes: number
}

export interface PageMeta {
  /** The file's stable id (content.schemas.ts). */
  key: string
  title: string
  description: string
}

export interface AidMeta {
  /** The file's stable id (content.schemas.ts). */
  key: string
  title: string
  description: string
  order: number
  kind: 'checklist' | 'form'
}

export interface CourseContent {
  course: DataFile<CourseMeta>
  sections: (MarkdownFile & { meta: SectionMeta & Record<string, unknown> })[]
  pages: (MarkdownFile & { meta: PageMeta & Record<string, unknown> })[]
  /** Job aids (content/aids), in their stated order. */
  aids: (MarkdownFile & { meta: AidMeta & Record<string, unknown> })[]
  scenarios: DataFile<Scenario>[]
  quizzes: DataFile<Quiz>[]
  pools: DataFile<PoolFile>[]
}

function filesIn(folder: string, ext: string): string[] {
  return readdirSync(join(contentDir, folder)).filter(name => name.endsWith(ext)).sort().map(name => `${folder}/${name}`)
}

const readText = (path: string) => readFileSync(join(contentDir, path), 'utf8')

export function readData<T>(path: string): DataFile<T> {
  return { file: `content/${path}`, data: parseYaml(readText(path)) as T }
}

/** A quiz or scenario file names itself with `key` (content.schemas.ts); the course's code calls that its `id`. */
function readKeyed<T>(path: string): DataFile<T> {
  const { key, ...rest } = parseYaml(readText(path)) as { key: string }
  return { file: `content/${path}`, data: { id: key, ...rest } as T }
}

async function readMarkdown(path: string): Promise<MarkdownFile> {
  const text = readText(path)
  const raw = text.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, '')
  const parsed = await parseMarkdown(text)
  return { file: `content/${path}`, meta: parsed.data as Record<string, unknown>, raw, tree: parsed.body as unknown as MdNode }
}

/** The whole course, sections in their stated order. */
export async function loadContent(): Promise<CourseContent> {
  const sections = await Promise.all(filesIn('sections', '.md').map(readMarkdown)) as CourseContent['sections']
  return {
    course: readData<CourseMeta>('course.yml'),
    sections: sections.sort((a, b) => a.meta.order - b.meta.order),
    pages: await Promise.all(filesIn('pages', '.md').map(readMarkdown)) as CourseContent['pages'],
    aids: (await Promise.all(filesIn('aids', '.md').map(readMarkdown)) as CourseContent['aids']).sort((a, b) => a.meta.order - b.meta.order),
    scenarios: filesIn('scenarios', '.yml').map(p => readKeyed<Scenario>(p)),
    quizzes: filesIn('quizzes', '.yml').map(p => readKeyed<Quiz>(p)),
    pools: filesIn('assessment', '.yml').map(p => readData<PoolFile>(p)),
  }
}
