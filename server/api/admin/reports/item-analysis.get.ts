import { itemAnalysis } from '../../../services/reports-admin/insight'

/** Item analysis of every assessment question, quiz question and scenario decision, from learners' first answers: platform admins only. */
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setHeader(event, 'cache-control', 'no-store')
  return { items: await itemAnalysis(await useDb(), await useCourse(event)) }
})
