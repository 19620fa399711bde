import { describe, expect, it } from 'vitest';
import { parseCron } from '../../src/queue/cron.js';
import { dueSlots, MAX_CATCH_UP, nextSlot } from '../../src/queue/slots.js';

process.env.TZ = 'UTC';
const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);

describe('schedule slots', () => {
  it('puts --every slots at multiples of the interval since the epoch', () => {
    expect(nextSlot({ everyMs: H }, t('2026-11-29T10:30:00Z'))).toBe(t('2026-11-29T11:00:00Z'));
    expect(nextSlot({ everyMs: H }, t('2026-11-29T11:00:00Z'))).toBe(t('2026-11-29T12:00:00Z'));
    expect(dueSlots({ everyMs: H }, t('2026-11-29T10:30:00Z'), t('2026-11-29T10:59:59Z'), 'all')).toEqual([]);
  });

  it('queues only the newest missed slot with catch-up latest, each with all', () => {
    const from = t('2026-11-29T10:30:00Z');
    const now = t('2026-11-29T13:10:00Z');
    expect(dueSlots({ everyMs: H }, from, now, 'latest')).toEqual([t('2026-11-29T13:00:00Z')]);
    expect(dueSlots({ everyMs: H }, from, now, 'all')).toEqual([t('2026-11-29T11:00:00Z'), t('2026-11-29T12:00:00Z'), t('2026-11-29T13:00:00Z')]);
    const cron = { cron: parseCron('0 * * * *') };
    expect(dueSlots(cron, from, now, 'all')).toEqual(dueSlots({ everyMs: H }, from, now, 'all'));
    expect(dueSlots(cron, from, now, 'latest')).toEqual([t('2026-11-29T13:00:00Z')]);
  });

  it('caps catch-up all at the newest MAX_CATCH_UP slots', () => {
    const from = t('2026-01-01T00:00:00Z');
    const now = t('2026-02-01T00:00:00Z');
    for (const rec of [{ everyMs: H }, { cron: parseCron('0 * * * *') }]) {
      const slots = dueSlots(rec, from, now, 'all');
      expect(slots).toHaveLength(MAX_CATCH_UP);
      expect(slots[slots.length - 1]).toBe(now);
      expect(slots[0]).toBe(now - (MAX_CATCH_UP - 1) * H);
    }
  });
});
