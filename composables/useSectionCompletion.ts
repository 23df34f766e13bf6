import type { Ref } from 'vue'
import type { PublicActivity } from '~~/server/domain/activity-views'
import type { SectionLearnerState } from '~~/server/services/learner-state'

/**
 * Whether the section is done (the server's word, from the page's saved state or from the results of
 * events saved during this visit) and, if not, what is left to do, in words.
 */
export function useSectionCompletion(sectionId: string, activities: PublicActivity[], state: Ref<SectionLearnerState | null>, reachedEnd: Ref<boolean>) {
  const queue = useProgressQueueStore()
  const ids = new Set(activities.map(a => a.id))
  const saved = computed(() => queue.settled.filter(s => s.outcome.status !== 'rejected').map(s => ({ event: s.event, result: (s.outcome as { result: unknown }).result })))

  const done = computed(() => state.value?.status === 'completed' || saved.value.some(({ event, result }) =>
    ((event.type === 'reached-end' && event.sectionId === sectionId) || ('activityId' in event && ids.has(event.activityId)))
    && (result as { sectionStatus?: string } | null)?.sectionStatus === 'completed'))

  const remaining = computed(() => {
    const left: string[] = []
    if (!reachedEnd.value && !state.value?.contentReached) left.push('read to the end of the section')
    for (const activity of activities) {
      if (activity.type === 'quiz') {
        const answered = new Set(Object.keys(state.value?.answers[activity.id] ?? {}))
        saved.value.forEach(({ event }) => event.type === 'answer' && event.activityId === activity.id && answered.add(event.questionId))
        const count = activity.questions.filter(q => !answered.has(q.id)).length
        if (count) left.push(`answer ${count === 1 ? '1 more question' : `${count} more questions`} in "${activity.title}"`)
      }
      else {
        const finished = state.value?.completedActivities.includes(activity.id) || saved.value.some(({ event, result }) =>
          event.type === 'scenario-choice' && event.activityId === activity.id && (result as { next?: { kind: string } }).next?.kind === 'ending')
        if (!finished) left.push(`reach an ending in the scenario "${activity.title}"`)
      }
    }
    return left
  })

  return { done, remaining }
}
