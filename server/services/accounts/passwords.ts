import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...ARGON2_OPTIONS, algorithm: 2 /* Argon2id */ })
}

let dummyHash: Promise<string> | undefined

/**
 * Verifies a password; with no stored hash it still does the same work against a dummy hash,
 * so the response time does not reveal whether an account exists.
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('not-a-real-password-0')
    await verify(await dummyHash, password)
    return false
  }
  try {
    return await verify(stored, password)
  }
  catch {
    return false
  }
}
