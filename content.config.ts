import { defineCollection, defineContentConfig } from '@nuxt/content'
import { aidSchema, courseSchema, pageSchema, poolSchema, quizSchema, scenarioSchema, sectionSchema } from './content.schemas'

export default defineContentConfig({
  collections: {
    course: defineCollection({ type: 'data', source: 'course.yml', schema: courseSchema }),
    sections: defineCollection({ type: 'page', source: 'sections/*.md', schema: sectionSchema }),
    scenarios: defineCollection({ type: 'data', source: 'scenarios/*.yml', schema: scenarioSchema }),
    quizzes: defineCollection({ type: 'data', source: 'quizzes/*.yml', schema: quizSchema }),
    assessmentPool: defineCollection({ type: 'data', source: 'assessment/*.yml', schema: poolSchema }),
    pages: defineCollection({ type: 'page', source: 'pages/*.md', schema: pageSchema }),
    aids: defineCollection({ type: 'page', source: 'aids/*.md', schema: aidSchema }),
  },
})
