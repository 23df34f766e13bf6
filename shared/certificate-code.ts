/**
 * Public certificate codes, e.g. `K7QX-4MHD-93TR-WE8A`: read aloud over the phone, typed from paper.
 * Shared so the check form can catch a typing mistake at once; the server checks again before any lookup.
 *
 * - 27 characters with no look-alikes: no 0/O, 1/I/L, and of 8/B, 5/S, 2/Z, V/U only the first is used
 *   (so a typed B, S, Z or U can only mean 8, 5, 2 or V, and is read as that).
 * - 15 random characters from a CSPRNG: 27^15 ≈ 2^71 codes, so guessing one is hopeless at any rate
 *   the verification endpoint allows.
 * - 1 check character by Damm's method over the quasigroup x∘y = (2x + y) mod 27, which is totally
 *   anti-symmetric for an odd modulus. Folding a code gives Σ 2^k·d_k (mod 27); 2 is invertible mod 27,
 *   so changing any one character changes the sum (every single substitution is caught), and swapping
 *   two neighbours a,b changes it by 2^k·(a−b) ≠ 0 (every adjacent transposition is caught).
 * - Shown in four groups of four.
 */
export const CODE_ALPHABET = '23456789ACDEFGHJKMNPQRTVWXY'
export const CODE_RANDOM_LENGTH = 15
export const CODE_LENGTH = CODE_RANDOM_LENGTH + 1
const GROUP = 4

/** Typed characters that can only mean one character of the alphabet. */
const LOOK_ALIKES: Record<string, string> = { B: '8', S: '5', Z: '2', U: 'V' }

const valueOf = new Map([...CODE_ALPHABET].map((c, i) => [c, i]))
const MOD = CODE_ALPHABET.length

function fold(values: number[]): number {
  return values.reduce((interim, d) => (2 * interim + d) % MOD, 0)
}

/** The check character for a code body (15 characters of the alphabet). */
export function checkCharacter(body: string): string {
  const values = [...body].map((c) => {
    const v = valueOf.get(c)
    if (v === undefined) throw new RangeError(`"${c}" is not a code character`)
    return v
  })
  // The check digit c makes the fold end at zero: 2·interim + c ≡ 0 (mod 27).
  return CODE_ALPHABET[(MOD - (2 * fold(values)) % MOD) % MOD]!
}

export function hasValidCheckCharacter(compact: string): boolean {
  const values = [...compact].map(c => valueOf.get(c))
  return values.every(v => v !== undefined) && fold(values as number[]) === 0
}

export function formatCode(compact: string): string {
  return compact.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? ''
}

/** A new random code. `randomBytes` is the CSPRNG (Web Crypto in both Node and browsers); tests may pass another. */
export function generateCertificateCode(randomBytes: (buffer: Uint8Array) => Uint8Array = b => crypto.getRandomValues(b)): string {
  // Rejection sampling: only bytes below 243 (= 27·9) are used, so every character is equally likely.
  const limit = MOD * Math.floor(256 / MOD)
  let body = ''
  while (body.length < CODE_RANDOM_LENGTH) {
    for (const byte of randomBytes(new Uint8Array(32))) {
      if (byte < limit && body.length < CODE_RANDOM_LENGTH) body += CODE_ALPHABET[byte % MOD]
    }
  }
  return formatCode(body + checkCharacter(body))
}

export type ParsedCode =
  | { ok: true, code: string }
  | { ok: false, problem: 'empty' | 'characters' | 'length' | 'check', message: string }

const NOT_USED = /[0O1IL]/

/**
 * Reads a code as people type it: any case, spaces, hyphens or dashes anywhere, full-width characters,
 * and the unambiguous look-alikes. Returns the canonical form, or what is wrong with it.
 */
export function parseCertificateCode(input: string): ParsedCode {
  const compact = input.normalize('NFKC').toUpperCase().replace(/[\s\-\u2010-\u2015\u2212._]/g, '')
    .replace(/[BSZU]/g, c => LOOK_ALIKES[c]!)
  if (!compact) return { ok: false, problem: 'empty', message: 'Enter the certificate code.' }
  const stray = [...compact].find(c => !valueOf.has(c))
  if (stray) {
    const message = NOT_USED.test(stray)
      ? `Certificate codes never contain ${stray}: the letters O, I and L and the digits 0 and 1 are not used. Check the code again.`
      : `"${stray}" is not used in certificate codes. Check the code again.`
    return { ok: false, problem: 'characters', message }
  }
  if (compact.length !== CODE_LENGTH) {
    return { ok: false, problem: 'length', message: `A certificate code has ${CODE_LENGTH} characters; this one has ${compact.length}. Check the code again.` }
  }
  if (!hasValidCheckCharacter(compact)) {
    return { ok: false, problem: 'check', message: 'This code has a typing mistake: one of its characters is wrong or two are swapped. Check the code again.' }
  }
  return { ok: true, code: formatCode(compact) }
}
