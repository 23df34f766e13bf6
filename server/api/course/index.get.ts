/** The public outline: titles, minutes and activity ids, never content or answers. */
export default defineApiHandler(async (event) => {
  const course = await useCourse(event)
  return {
    title: course.title,
    version: course.version,
    totalMinutes: course.totalMinutes,
    passMark: course.passMark,
    cpdHours: course.cpdHours,
    outcomes: course.outcomes,
    sections: course.sections.map(s => ({
      id: s.id,
      title: s.title,
      order: s.order,
      minutes: s.minutes,
      preview: s.preview,
      description: s.description,
      activities: s.activities,
    })),
  }
})
