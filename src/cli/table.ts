/** Renders rows as right-aligned plain-text columns (the cells are mostly numbers). */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  indent = '  ',
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    (indent + widths.map((w, i) => (cells[i] ?? '').padStart(w)).join('  ')).trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
