/**
 * Many small independent steps (file renames, manifests, receipts) run a few at a time: each
 * waits mostly on the file system, which serves several at once.
 */

/**
 * Runs `work` on every item, at most `limit` at a time, in the order given. After a failure no
 * further item is started; the first failure is thrown once the items under way have settled.
 */
export async function forEachAtOnce<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
}
