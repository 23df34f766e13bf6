import { z } from 'zod'
import { certificateCodeParam } from '#shared/types/params'
import { certificateOfLearner } from '../../../services/certificates/certificates'

/** The signed-in learner downloads their own certificate as a PDF. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const { code } = readParams(event, z.object({ code: certificateCodeParam }))
  const certificate = await certificateOfLearner(await useDb(), user.id, code)
  return sendCertificatePdf(event, certificate)
})
