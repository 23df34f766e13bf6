import { listQuotes } from '../../services/billing/quotes'

/** The signed-in lead's quotes, newest first, with whether each still holds its price. */
export default defineApiHandler(async (event) => {
  const { user } = requireUser(event)
  setHeader(event, 'cache-control', 'no-store')
  return { quotes: await listQuotes(await useDb(), user.id, serverNow()) }
})
