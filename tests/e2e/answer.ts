import { expect, type Locator } from '@playwright/test'
import type { Question } from '../../server/domain/course-progress/course-types'

/**
 * Answers a question correctly through the page, the way a keyboard or screen-reader user would: radios
 * and checkboxes by their labels, "Move up" buttons for ordering, selects for matching. The key comes
 * from the content files on disk (tests/support/course-content.ts), never from the page.
 */
export async function answerCorrectly(question: Locator, q: Question) {
  switch (q.type) {
    case 'single':
    case 'truefalse':
      await question.getByRole('radio', { name: q.options.find(o => o.correct)!.text, exact: true }).check()
      return
    case 'multiple':
      for (const o of q.options) {
        const box = question.getByRole('checkbox', { name: o.text, exact: true })
        if (o.correct) await box.check()
        else await box.uncheck()
      }
      return
    case 'ordering': {
      // A selection sort with the buttons: bring each item up to its place, top first.
      for (const [place, item] of q.items.entries()) {
        const items = question.getByRole('listitem')
        const texts = await items.allInnerTexts()
        const at = texts.findIndex(t => t.includes(item.text))
        expect(at, `ordering item ${item.text}`).toBeGreaterThanOrEqual(place)
        for (let i = at; i > place; i--) await question.getByRole('button', { name: `Move “${item.text}” up` }).click()
      }
      return
    }
    case 'matching':
      // Focused first, as a person's select is before its value changes (Playwright's selectOption alone
      // does not focus it, and an activity further down the page comes alive on focus or as it is seen).
      for (const pair of q.pairs) await chooseMatch(question.getByLabel(pair.left, { exact: true }), pair.right)
  }
}

/** Answers a question wrongly through the page, as a learner who has not understood it would. */
export async function answerWrongly(question: Locator, q: Question) {
  switch (q.type) {
    case 'single':
    case 'truefalse':
      await question.getByRole('radio', { name: q.options.find(o => !o.correct)!.text, exact: true }).check()
      return
    case 'multiple':
      for (const o of q.options) {
        const box = question.getByRole('checkbox', { name: o.text, exact: true })
        if (o.correct) await box.uncheck()
        else await box.check()
      }
      return
    case 'ordering': {
      // The step that comes last goes to the top, wherever the shuffle put it.
      const last = q.items.at(-1)!
      const texts = await question.getByRole('listitem').allInnerTexts()
      for (let i = texts.findIndex(t => t.includes(last.text)); i > 0; i--) await question.getByRole('button', { name: `Move “${last.text}” up` }).click()
      return
    }
    case 'matching':
      for (const pair of q.pairs) {
        const other = q.pairs.find(p => p.right !== pair.right)!.right
        await chooseMatch(question.getByLabel(pair.left, { exact: true }), other)
      }
  }
}

async function chooseMatch(select: Locator, label: string) {
  await select.focus()
  await select.selectOption({ label })
}
