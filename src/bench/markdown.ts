/** Pure formatting for the benchmark's markdown output. */

// A figure, possibly with a unit or percent sign, or "-" for nothing measured.
const FIGURE_RE = /^(-|[-+]?[\d,]*\.?\d+\s*(%|x|ms|s|Hz|MiB)?)$/;

/** A markdown table; columns holding only figures are right-aligned so digits line up in renderers. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(escape).join(' | ')} |`;
  const numeric = header.map((_, i) => {
    const cells = rows.map((r) => r[i] ?? '').filter((c) => c !== '');
    return cells.length > 0 && cells.every((c) => FIGURE_RE.test(c));
  });
  const rule = `|${numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Percent with one decimal, "-" for NaN (nothing to measure). */
export function pct(share: number, decimals = 1): string {
  return Number.isNaN(share) ? '-' : `${(share * 100).toFixed(decimals)}%`;
}

export function num(value: number, decimals = 0): string {
  return Number.isNaN(value) ? '-' : value.toFixed(decimals);
}

/** "ok" when the figure meets its target, "MISS" otherwise, "-" when there was nothing to measure. */
export function verdict(value: number, target: number, higherIsBetter: boolean): string {
  if (Number.isNaN(value)) return '-';
  return (higherIsBetter ? value >= target : value <= target) ? 'ok' : 'MISS';
}

/** Marker lines delimiting the README section the bench rewrites. */
export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

/** Replaces what lies between the bench markers; throws when they are missing or out of order. */
export function replaceBenchBlock(readme: string, content: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md needs a ${README_START} ... ${README_END} block for --write-readme`);
  }
  const before = readme.slice(0, start + README_START.length);
  const after = readme.slice(end);
  return `${before}\n${content.trim()}\n${after}`;
}
