import { complianceSettingsSchema } from '#shared/types/orgs'
import { updateComplianceSettings } from '../../../services/organisations/teams'

/** The organisation's compliance settings: default due date, reminder schedule, how long certificates stay current. */
export default defineApiHandler(async (event) => {
  const { user, organisationId: orgId } = await requireOrgRole(event, 'manager')
  const settings = await readBodyAs(event, complianceSettingsSchema)
  return updateComplianceSettings(await useDb(), user.id, orgId, settings)
})
