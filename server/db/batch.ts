import { isDatabaseUnavailable } from './outage'

export interface BatchOptions<I, O> {
  /** Batches that may run at once. A call that arrives while fewer run starts at once, alone: no added wait. */
  concurrency: number
  /** The most items one batch takes. */
  maxSize: number
  /**
   * Items with the same key never share a batch, nor run in two batches at once: one statement cannot change
   * the same row twice, and two batches locking the same rows in different orders could deadlock.
   */
  key?: (item: I) => string
  /** One statement for the whole batch: one result per item, in the items' order. */
  run: (items: I[]) => Promise<O[]>
  /**
   * The same work for one item on its own. When a batch fails for a reason other than a lost database (a
   * statement error, which could belong to one item), each item is run again alone, so each caller gets its
   * own answer or its own error, and one bad item never fails the others.
   */
  runOne: (item: I) => Promise<O>
}

interface Waiting<I, O> { item: I, resolve: (o: O) => void, reject: (e: unknown) => void }

/**
 * Coalesces concurrent calls into fewer statements (group commit). PostgreSQL spends much of a small
 * statement's CPU on the statement itself (its round trip, executor start, commit), not on the rows; under
 * load many requests wait for the pool anyway, and one statement for all of them costs the database far less
 * than one each. With nothing else running a call is sent at once, alone, exactly as before; only what
 * queued while `concurrency` batches were running is gathered into the next one.
 */
export function createBatcher<I, O>(options: BatchOptions<I, O>): (item: I) => Promise<O> {
  const queue: Waiting<I, O>[] = []
  const busyKeys = new Set<string>()
  let running = 0

  /** The next batch: queued items in arrival order, skipping a key already taken (it waits for a later one). */
  const take = () => {
    const batch: Waiting<I, O>[] = []
    const keys: string[] = []
    for (let i = 0; i < queue.length && batch.length < options.maxSize;) {
      const key = options.key?.(queue[i]!.item)
      if (key !== undefined && (busyKeys.has(key))) {
        i++
        continue
      }
      if (key !== undefined) {
        busyKeys.add(key)
        keys.push(key)
      }
      batch.push(queue.splice(i, 1)[0]!)
    }
    return { batch, keys }
  }

  const runAlone = (w: Waiting<I, O>) => attempt(() => options.runOne(w.item)).then(w.resolve, w.reject)

  const execute = async (batch: Waiting<I, O>[]) => {
    // One item alone runs its own single statement: with nothing queued the path is exactly the unbatched one.
    if (batch.length === 1) {
      await runAlone(batch[0]!)
      return
    }
    let results: O[]
    try {
      results = await attempt(() => options.run(batch.map(w => w.item)))
    }
    catch (error) {
      // A lost database is every caller's error, as it would have been alone (a 503 each); nothing to retry.
      if (isDatabaseUnavailable(error)) {
        for (const w of batch) w.reject(error)
        return
      }
      // One after another, within this batch's place: a batch that keeps failing (one caller's bad input) never
      // floods the pool with a hundred statements at once.
      for (const w of batch) await runAlone(w)
      return
    }
    batch.forEach((w, i) => i < results.length ? w.resolve(results[i]!) : w.reject(new Error('A batched statement answered for fewer items than it was given.')))
  }

  const pump = () => {
    while (running < options.concurrency && queue.length) {
      const { batch, keys } = take()
      // Everything queued has a key already running: the batch that holds it starts the next one when it ends.
      if (!batch.length) return
      running++
      void execute(batch).finally(() => {
        running--
        for (const key of keys) busyKeys.delete(key)
        pump()
      })
    }
  }

  return item => new Promise<O>((resolve, reject) => {
    queue.push({ item, resolve, reject })
    pump()
  })
}

/** The promise `start` returns, or its synchronous throw as a rejection: every waiting caller is always settled. */
function attempt<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start()
  }
  catch (error) {
    return Promise.reject(error)
  }
}
