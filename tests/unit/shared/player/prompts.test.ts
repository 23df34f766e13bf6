import { describe, expect, it } from 'vitest'
import { CHOOSE_ALL, hintUnless, splitClosingQuestion } from '../../../../shared/player/prompts'
import { formatPrice } from '../../../../shared/price-text'
import { fixtureCourse } from '../../../support/course-content'

describe('said once', () => {
  it('drops the "choose all" hint under a prompt that already says it, and keeps it under one that does not', () => {
    expect(hintUnless('Which of these are signs? Choose all that apply.', CHOOSE_ALL)).toBe('')
    expect(hintUnless('Which of these are signs?', CHOOSE_ALL)).toBe(CHOOSE_ALL)
    expect(hintUnless('Anything', '')).toBe('')
  })

  it('takes a scenario step\'s closing question out of its text, to label the choices', () => {
    expect(splitClosingQuestion('Day four, 7am. His bed is empty. What do you do?')).toEqual({ body: 'Day four, 7am. His bed is empty.', question: 'What do you do?' })
    expect(splitClosingQuestion('She is back.\n\nWhat do you do first?\n')).toEqual({ body: 'She is back.', question: 'What do you do first?' })
    expect(splitClosingQuestion('She is back and safe.')).toEqual({ body: 'She is back and safe.', question: 'What do you do?' })
  })

  it('leaves every step of a scenario with its question said once: in the label, not the text', () => {
    // The fixture course's scenario; tests/unit/content/content-scenarios.test.ts holds the real course to the same.
    for (const step of fixtureCourse.scenarios.flatMap(s => s.steps)) {
      const { body, question } = splitClosingQuestion(step.text)
      expect(question, step.id).toMatch(/\?$/)
      expect(body.trim().endsWith(question), step.id).toBe(false)
      expect(body.length, step.id).toBeGreaterThan(0)
    }
  })
})

describe('prices in headlines and buttons', () => {
  it('reads whole pounds without pence', () => {
    expect(formatPrice(1500)).toBe('£15')
    expect(formatPrice(1250)).toBe('£12.50')
    expect(formatPrice(150000)).toBe('£1,500')
  })
})
