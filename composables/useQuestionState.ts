import type { Answer, GradedQuestion } from '#shared/types/questions'

export type QuestionState =
  | { status: 'unanswered' }
  | { status: 'pending', answer: Answer }
  | { status: 'answered', graded: GradedQuestion, answer: Answer }
  | { status: 'refused', error: string }

/**
 * One quiz question as the learner last left it, from three places in order: an answer still in the save
 * queue, an answer the server marked during this visit, or the saved state the page loaded with.
 *
 * Until the block is live, only the state the page was rendered with: a quiz lower down a section takes over
 * from the server's HTML late (utils/hydrateWhenSeenOrUsed.ts), by when the queue may have marked an answer
 * the server's HTML shows unanswered, and a first render that differs from that HTML leaves some of it stale
 * (Vue does not correct attributes such as `disabled` when hydrating).
 */
export function useQuestionState(quizId: string, questionId: string) {
  const queue = useProgressQueueStore()
  const { live, state } = useBlockState()
  const mine = (e: { type: string, activityId?: string, questionId?: string }) => e.type === 'answer' && e.activityId === quizId && e.questionId === questionId
  const fromState = (): QuestionState => {
    const saved = state.value?.answers[quizId]?.[questionId]
    return saved ? { status: 'answered', graded: saved, answer: saved.answer } : { status: 'unanswered' }
  }
  return computed<QuestionState>(() => {
    if (!live.value) return fromState()
    const waiting = queue.pending.findLast(mine)
    if (waiting?.type === 'answer') return { status: 'pending', answer: waiting.answer as Answer }
    const settled = queue.settled.findLast(s => mine(s.event))
    if (settled?.outcome.status === 'rejected') return { status: 'refused', error: settled.outcome.error }
    if (settled?.outcome.type === 'answer') return { status: 'answered', graded: settled.outcome.result, answer: settled.outcome.result.answer }
    return fromState()
  })
}
