import { describe, expect, it } from 'vitest'
import { createBatcher } from '../../../../server/db/batch'

/** A statement that answers when the test says so, recording what each call was given. */
function fakeDatabase() {
  const calls: { kind: 'one' | 'many', items: string[], finish: (error?: Error) => void }[] = []
  const answer = (item: string) => `saved ${item}`
  const call = <T>(kind: 'one' | 'many', items: string[], result: T) => new Promise<T>((resolve, reject) => {
    calls.push({ kind, items, finish: error => error ? reject(error) : resolve(result) })
  })
  return {
    calls,
    runOne: (item: string) => call('one', [item], answer(item)),
    run: (items: string[]) => call('many', items, items.map(answer)),
  }
}

const tick = () => new Promise(resolve => setImmediate(resolve))
const withCode = (code: string) => Object.assign(new Error(code), { code })

describe('coalescing concurrent statements', () => {
  it('sends a call at once, alone, while fewer batches than allowed are running', async () => {
    const db = fakeDatabase()
    const save = createBatcher({ concurrency: 2, maxSize: 10, ...db })
    const first = save('a')
    const second = save('b')
    expect(db.calls.map(c => [c.kind, c.items])).toEqual([['one', ['a']], ['one', ['b']]])
    db.calls.forEach(c => c.finish())
    expect(await Promise.all([first, second])).toEqual(['saved a', 'saved b'])
  })

  it('gathers what queued while every batch was running into one statement, answering each caller its own', async () => {
    const db = fakeDatabase()
    const save = createBatcher({ concurrency: 1, maxSize: 3, ...db })
    const answers = ['a', 'b', 'c', 'd', 'e'].map(save)
    expect(db.calls.map(c => c.items)).toEqual([['a']])
    db.calls[0]!.finish()
    await tick()
    // The next batch takes at most maxSize, in arrival order; the rest wait for the one after.
    expect(db.calls.map(c => [c.kind, c.items])).toEqual([['one', ['a']], ['many', ['b', 'c', 'd']]])
    db.calls[1]!.finish()
    await tick()
    expect(db.calls[2]!.items).toEqual(['e'])
    db.calls[2]!.finish()
    expect(await Promise.all(answers)).toEqual(['saved a', 'saved b', 'saved c', 'saved d', 'saved e'])
  })

  it('never puts two items with the same key in one batch, nor runs them at once', async () => {
    const db = fakeDatabase()
    const save = createBatcher({ concurrency: 2, maxSize: 10, key: (item: string) => item[0]!, ...db })
    const answers = ['a1', 'a2', 'b1', 'a3', 'c1'].map(save)
    // a1 runs; a2 waits (its learner is running) so b1 starts in the second slot.
    expect(db.calls.map(c => c.items)).toEqual([['a1'], ['b1']])
    db.calls[0]!.finish()
    await tick()
    expect(db.calls[2]!.items).toEqual(['a2', 'c1'])
    db.calls[1]!.finish()
    db.calls[2]!.finish()
    await tick()
    expect(db.calls[3]!.items).toEqual(['a3'])
    db.calls[3]!.finish()
    expect(await Promise.all(answers)).toEqual(['saved a1', 'saved a2', 'saved b1', 'saved a3', 'saved c1'])
  })

  it('runs each item of a failed batch again alone, so only the item at fault fails', async () => {
    const db = fakeDatabase()
    const save = createBatcher({ concurrency: 1, maxSize: 10, ...db })
    const answers = ['a', 'b', 'bad', 'c'].map(item => save(item).catch((error: Error) => `refused: ${error.message}`))
    db.calls[0]!.finish()
    await tick()
    db.calls[1]!.finish(withCode('22P02'))
    await tick()
    // One after another, never all at once: a batch that keeps failing cannot flood the pool.
    for (const [n, item] of ['b', 'bad', 'c'].entries()) {
      expect(db.calls).toHaveLength(3 + n)
      expect([db.calls[2 + n]!.kind, db.calls[2 + n]!.items]).toEqual(['one', [item]])
      db.calls[2 + n]!.finish(item === 'bad' ? new Error('invalid input') : undefined)
      await tick()
    }
    expect(await Promise.all(answers)).toEqual(['saved a', 'saved b', 'refused: invalid input', 'saved c'])
  })

  it('settles every caller even when the statement throws before it starts', async () => {
    const save = createBatcher<string, string>({
      concurrency: 1,
      maxSize: 10,
      run: () => { throw new Error('could not build the statement') },
      runOne: (item) => { if (item === 'bad') throw new Error('bad item'); return Promise.resolve(`saved ${item}`) },
    })
    // 'bad' goes alone; 'a' and 'b' queue behind it and go as one batch, whose statement throws.
    expect(await Promise.all(['bad', 'a', 'b'].map(item => save(item).catch((error: Error) => error.message)))).toEqual(['bad item', 'saved a', 'saved b'])
  })

  it('gives every caller in a batch the lost database\'s error, without trying again, and carries on after', async () => {
    const db = fakeDatabase()
    const save = createBatcher({ concurrency: 1, maxSize: 10, ...db })
    const answers = ['a', 'b', 'c'].map(item => save(item).catch((error: { code?: string }) => `failed: ${error.code}`))
    db.calls[0]!.finish(withCode('57P01'))
    await tick()
    db.calls[1]!.finish(withCode('CONNECTION_CLOSED'))
    expect(await Promise.all(answers)).toEqual(['failed: 57P01', 'failed: CONNECTION_CLOSED', 'failed: CONNECTION_CLOSED'])
    expect(db.calls).toHaveLength(2)
    // Back again: the next call goes at once.
    const later = save('d')
    db.calls[2]!.finish()
    expect(await later).toBe('saved d')
  })
})
