import { createHmac } from 'node:crypto'
import { hashString, seededRandom } from '../platform/random'

/**
 * The order a learner sees options, items and scenario choices in. Content is written in some order (often
 * with habits: the key first, the wrong one last), so the player shows everything shuffled, differently for
 * each learner and question, and the same for that learner on every visit and device. Grading is by id, so
 * the order never changes a mark.
 */

/** A seed for each shuffled thing (a question id, or "scenario/step"), fixed for one learner. */
export type SeedOf = (itemId: string) => number

/**
 * One learner's seeds: a keyed hash (HMAC-SHA-256) of the learner's key and the item id. Without the server's
 * secret nobody can work out the order a learner sees, so nobody can undo it to find how the content was
 * written either.
 */
export function keyedSeeds(secret: string, learnerKey: string): SeedOf {
  return itemId => createHmac('sha256', secret).update(`${learnerKey}\n${itemId}`).digest().readUInt32BE(0)
}

/** Seeds for someone who is not signed in (the free introduction): the same for everyone, still not the written order. */
export const anonymousSeeds: SeedOf = itemId => hashString(`anonymous\n${itemId}`)

/** A Fisher-Yates shuffle driven by one seed: the same seed always gives the same order. */
export function shuffleWith<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  const random = seededRandom(seed)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
