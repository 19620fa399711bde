import { describe, expect, it } from 'vitest';
import { ClaimBook } from '../../src/worker/claim-book.js';
import type { WorkBlock } from '../../src/queue/types.js';

const block = (id: number, command: boolean): WorkBlock => ({ id, command: command ? { shell: 'true' } : null, outcome: null }) as unknown as WorkBlock;

describe('ClaimBook', () => {
  it('asks for nothing without room, and for room command slots within N', () => {
    const book = new ClaimBook(5, { tags: ['t'], batch: 'b' });
    expect(book.request(0, false)).toBeNull();
    expect(book.request(3, false)).toEqual({ max: 5, commandSlots: 3, tags: ['t'], batch: 'b', excludeIds: book.setAside, retriesOf: undefined });
  });

  it('after a claim that brought commands, takes at most a few blocks beyond the free slots', () => {
    const book = new ClaimBook(Infinity, {});
    expect(book.request(2, false)?.max).toBe(200);
    book.took([block(1, true), block(2, false)]);
    expect(book.request(2, false)?.max).toBe(10);
    book.took([block(3, false)]);
    expect(book.request(2, false)?.max).toBe(200);
  });

  it('past N asks only for retries of its own blocks, and only once it scheduled some', () => {
    const book = new ClaimBook(2, {});
    book.took([block(1, false), block(2, false)]);
    expect(book.budget()).toBe(0);
    expect(book.request(4, false)).toBeNull();
    expect(book.request(4, true)).toMatchObject({ max: 200, retriesOf: book.claimed });
    expect([...book.claimed]).toEqual([1, 2]);
  });

  it('does not count a block given back unclaimed against N', () => {
    const book = new ClaimBook(2, {});
    book.took([block(1, true), block(2, true)]);
    book.gaveBack(block(2, true));
    expect(book.budget()).toBe(1);
    expect(book.request(4, false)).toMatchObject({ max: 1, commandSlots: 4, retriesOf: undefined });
  });
});
