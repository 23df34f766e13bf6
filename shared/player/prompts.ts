/**
 * Authored prompts and scenario steps sometimes end with the words the page already shows around them
 * ("Choose all that apply.", "What do you do?"). These keep each said once.
 */

/** The hint under every "choose all" question. */
export const CHOOSE_ALL = 'Choose all that apply.'

/** The hint to show under a prompt: none when the prompt already says it. */
export function hintUnless(prompt: string, hint: string): string {
  return hint && prompt.includes(hint) ? '' : hint
}

/**
 * A scenario step's text split into what happens and the closing question ("What do you do next?"), so the
 * question can label the choices once. Without a closing question, the choices ask "What do you do?".
 */
export function splitClosingQuestion(text: string): { body: string, question: string } {
  const trimmed = text.trimEnd()
  const match = /(?:^|[.!?"”’]\s+|\n)([^.!?\n]*\?)$/.exec(trimmed)
  if (!match?.[1] || match[1].trim().split(/\s+/).length > 12) return { body: text, question: 'What do you do?' }
  const question = match[1].trim()
  return { body: trimmed.slice(0, trimmed.length - question.length).trimEnd(), question }
}
