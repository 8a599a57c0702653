/** One page of a list, `size` a page (pages from 1); a page past the last shows the last. */
export function pageOf<T>(items: readonly T[], q: { page: number; size: number }) {
  const pages = Math.max(1, Math.ceil(items.length / q.size));
  const page = Math.min(q.page, pages);
  return { page, pages, rows: items.slice((page - 1) * q.size, page * q.size) };
}
