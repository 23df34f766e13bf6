/** The job aids, without their text, for the list at /course/aids. Open to everyone, like the glossary. */
export default defineApiHandler(async (event) => {
  return (await useAids(event)).map(({ body: _body, ...summary }) => summary)
})
