import { describe, expect, it } from 'vitest'
import { enrolmentIdFor } from '../../../../server/services/course-progress/access'

// A learner who reads before their first save is shown options in the order keyed by the enrolment id the save
// will create, so the id must be known in advance, the same every time, and a valid uuid for the column.
describe('enrolmentIdFor', () => {
  const user = '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f'

  it('is the same for the same learner and course version', () => {
    expect(enrolmentIdFor(user, 1)).toBe(enrolmentIdFor(user, 1))
  })

  it('differs between versions and between learners', () => {
    expect(enrolmentIdFor(user, 2)).not.toBe(enrolmentIdFor(user, 1))
    expect(enrolmentIdFor('0b7d5e2a-1111-4222-8333-444455556666', 1)).not.toBe(enrolmentIdFor(user, 1))
  })

  it('is shaped as a version 8 uuid', () => {
    expect(enrolmentIdFor(user, 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
