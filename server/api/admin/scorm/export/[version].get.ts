import { z } from 'zod'
import { exportFiles, zipFiles } from '../../../../services/scorm/scorm-export'

const params = z.object({ version: z.enum(['1.2', '2004']) })

async function asset(name: string) {
  const text = await useStorage('assets:server').getItem<string>(`scorm-export/${name}`)
  if (typeof text !== 'string') throw new Error(`Missing server asset scorm-export/${name}`)
  return text
}

/** Downloads the course as a SCORM 1.2 or 2004 zip for an organisation's own LMS. */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const { version } = readParams(event, params)
  const course = await useCourse(event)
  const files = exportFiles(course, version, { launchJs: await asset('launch.js'), activitiesJs: await asset('activities.js'), styleCss: await asset('style.css') })
  const zip = await zipFiles(files)
  setResponseHeaders(event, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename="children-missing-from-care-scorm-${version}.zip"`,
    'cache-control': 'no-store',
  })
  return zip
})
