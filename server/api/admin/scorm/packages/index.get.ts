import { listPackagesForAdmin } from '../../../../services/scorm/scorm-packages'

/** Every uploaded package, with how many learners started, completed and passed it. */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  return { packages: await listPackagesForAdmin(await useDb()) }
})
