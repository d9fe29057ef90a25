/**
 * Deterministic JSON text: objects one key per line (2-space indent, keys in insertion order), arrays of
 * plain values on one line (sample columns stay one line each instead of millions). Numbers are written
 * as JSON.stringify writes them: the shortest text that reads back as the same double.
 */
export function formatJsonText(value: unknown): string {
  return format(value, '') + '\n';
}

function format(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      return `[${value.map((v) => JSON.stringify(v)).join(',')}]`;
    }
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + format(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
