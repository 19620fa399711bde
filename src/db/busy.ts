/** How long a writer waits for another one (WORKBLOCK_BUSY_TIMEOUT_MS, default 5 s). */
export function busyTimeoutMs(): number {
  const raw = process.env.WORKBLOCK_BUSY_TIMEOUT_MS;
  const v = Number(raw);
  return raw && Number.isFinite(v) && v >= 0 ? v : 5000;
}
