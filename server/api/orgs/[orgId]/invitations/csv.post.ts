import { DomainError } from '../../../../domain/platform/errors'
import { decodeUpload, isCsvContentType, MAX_UPLOAD_BYTES, parseInvitationCsv } from '../../../../domain/organisations/invitation-import'
import { previewInvitations } from '../../../../services/organisations/invitations'

/**
 * Reads an uploaded CSV file of people (the file itself is the body, sent as text/csv) and says what would
 * happen to each row; sends nothing. Over 1 MB is a 413, another kind of file a 415, a broken CSV a 400.
 */
export default defineApiHandler(async (event) => {
  const { organisationId: orgId } = await requireOrgRole(event, 'manager')
  if (!isCsvContentType(getHeader(event, 'content-type'))) {
    throw new DomainError('unsupported', 'Upload a CSV file (a spreadsheet saved as "CSV UTF-8").', { code: 'not_csv' })
  }
  const candidates = parseInvitationCsv(decodeUpload(await readLimitedBody(event, MAX_UPLOAD_BYTES)))
  noStore(event)
  return { plan: await previewInvitations(await useDb(), orgId, candidates, serverNow()) }
})
