/**
 * Runs `worker` over `items` with at most `limit` in flight, starting the next item as soon as one ends.
 * A rejected worker does not stop the others; rejections are rethrown together once every item has run.
 */
export const runPool = async <T>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        await worker(items[index] as T, index);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} workers failed`);
};
