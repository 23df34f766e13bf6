/** One job aid for <ContentRenderer>. Open to everyone: carers may need it before they have a licence. */
export default defineApiHandler(async (event) => aidFromRoute(event))
