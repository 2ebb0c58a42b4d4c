/**
 * What a Lambda container opens once and reuses across invocations (clients, DuckDB, the query
 * files). A failed opening is forgotten, so the next invocation tries again instead of failing forever.
 */
export function openOnce<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => {
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
}
