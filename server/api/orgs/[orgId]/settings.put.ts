import { complianceSettingsSchema } from '#shared/schemas/orgs'
import { updateComplianceSettings } from '../../../services/teams'

/** The organisation's compliance settings: default due date, reminder schedule, how long certificates stay current. */
export default defineApiHandler(async (event) => {
  const orgId = orgIdParam(event)
  const { user } = await requireOrgRole(event, orgId, 'manager')
  const settings = await readBodyAs(event, complianceSettingsSchema)
  return updateComplianceSettings(await useDb(), user.id, orgId, settings)
})
