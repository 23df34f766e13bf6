import { certificateOfLearner } from '../../../services/certificates'

/** The signed-in learner downloads their own certificate as a PDF. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  const code = certificateCodeParam(event)
  const certificate = await certificateOfLearner(await useDb(), user.id, code)
  return sendCertificatePdf(event, certificate)
})
