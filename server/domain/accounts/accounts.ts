export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 128

// The most common passwords of 10+ characters in public breach lists. A short built-in list catches the
// worst choices without a network call; length does most of the work.
const COMMON_PASSWORDS = new Set([
  '1234567890', '0123456789', '1234567891', '12345678910', '0987654321', '1111111111', '0000000000',
  '1q2w3e4r5t', 'qwertyuiop', 'qwerty1234', '1qaz2wsx3edc', 'q1w2e3r4t5', 'zaq12wsxcde3', 'asdfghjkl1',
  'password12', 'password123', 'password1234', 'passw0rd123', 'password!!', 'iloveyou12', 'iloveyou123',
  'football123', 'baseball123', 'liverpool1', 'liverpool123', 'chelsea123', 'arsenal123', 'manchester',
  'letmein123', 'welcome123', 'welcome1234', 'princess123', 'sunshine123', 'trustno123', 'abc1234567',
  'abcdefghij', 'qwertyuiop1', 'administrator', 'changeme123', 'superman123', 'starwars123', 'monkey1234',
  'dragon1234', 'michael123', 'jennifer12', 'computer123', 'whatever12', 'babygirl12', 'charlie123',
  'blink18212', 'aaaaaaaaaa', 'qwerty123456', '123456789a', 'a123456789', '123qweasdzxc', 'qazwsxedc1',
])

/** Emails are compared and stored trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** The reasons a new password is refused, in words a person can act on; empty when it is acceptable. */
export function passwordProblems(password: string, context: { email?: string, name?: string } = {}): string[] {
  const problems: string[] = []
  const length = [...password].length
  if (length < PASSWORD_MIN) problems.push(`Use at least ${PASSWORD_MIN} characters.`)
  if (length > PASSWORD_MAX) problems.push(`Use at most ${PASSWORD_MAX} characters.`)
  const lowered = password.toLowerCase()
  if (COMMON_PASSWORDS.has(lowered)) problems.push('This password is too common. Choose one that is harder to guess.')
  else if (/^(.)\1+$/.test(password)) problems.push('Do not repeat one character.')
  const email = context.email ? normaliseEmail(context.email) : ''
  if (email && (lowered === email || lowered === email.split('@')[0])) {
    problems.push('Do not use your email address as your password.')
  }
  return problems
}
