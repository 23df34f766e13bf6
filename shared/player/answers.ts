/**
 * Whether an answer in the API's form is complete enough to send for `question`. The server checks again;
 * this only saves a learner a round trip to be told they missed something.
 */
export function missingPart(question: { type: string, lefts?: { id: string }[] }, answer: unknown): string | null {
  const a = (answer ?? {}) as { optionId?: string, optionIds?: string[], order?: string[], matches?: Record<string, string> }
  switch (question.type) {
    case 'single':
    case 'truefalse':
      return a.optionId ? null : 'Choose an answer.'
    case 'multiple':
      return a.optionIds?.length ? null : 'Choose at least one answer.'
    case 'ordering':
      return a.order?.length ? null : 'Put the items in order.'
    case 'matching':
      return (question.lefts ?? []).every(l => a.matches?.[l.id]) ? null : 'Choose a match for every item.'
    default:
      return null
  }
}
