import type { Analysis } from '../engine/analyze';
import type { SessionData } from '../session/types';
import { reportBlocks, type ReportBlock } from './document';
import { buildReportModel } from './model';
import { COLORS } from './scene';
import { escapeXml, sceneToSvg } from './svg';

const CSS = `
body{margin:0;background:#f3f4f6;color:${COLORS.text};font:14px/1.45 Helvetica,Arial,sans-serif}
main{max-width:860px;margin:24px auto;background:#fff;padding:32px 40px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:26px;margin:0}
.subtitle{color:${COLORS.muted};margin:2px 0 18px}
h2{font-size:18px;margin:34px 0 10px;padding-top:14px;border-top:2px solid #e5e7eb}
dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:6px 24px;margin:0 0 8px}
dl div{display:flex;gap:8px}dt{color:${COLORS.muted};min-width:108px}dd{margin:0;font-weight:bold}
figure{margin:14px 0}figcaption{color:${COLORS.muted};font-size:12px;margin-top:2px}
table{border-collapse:collapse;margin:10px 0 6px;font-size:12.5px;font-variant-numeric:tabular-nums}
th{font-weight:bold;color:${COLORS.muted};border-bottom:1px solid #d1d5db;padding:3px 8px}
td{padding:3px 8px;border-bottom:1px solid #f0f1f3}
.r{text-align:right}.l{text-align:left}
tr.alert td{color:${COLORS.rushed};font-weight:bold}
p.muted{color:${COLORS.muted};font-size:12px;margin-top:32px}
@media print{body{background:#fff}main{box-shadow:none;margin:0;max-width:none}h2.break{break-before:page}figure,table{break-inside:avoid}}
`;

/** The coach's report as one self-contained HTML page (inline SVG and CSS: opens offline, prints). */
export function formatReportHtml(data: SessionData, analysis: Analysis): string {
  const model = buildReportModel(data, analysis);
  const title = `BarTempo report: ${model.athlete ?? 'session'}, ${model.dateText}`;
  const body = reportBlocks(model).map(block).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'title':
      return `<h1>${escapeXml(b.text)}</h1><p class="subtitle">${escapeXml(b.subtitle)}</p>`;
    case 'heading':
      return `<h${b.level}${b.pageBreakBefore ? ' class="break"' : ''}>${escapeXml(b.text)}</h${b.level}>`;
    case 'facts':
      return `<dl>${b.items.map((i) => `<div><dt>${escapeXml(i.label)}</dt><dd>${escapeXml(i.value)}</dd></div>`).join('')}</dl>`;
    case 'paragraph':
      return `<p${b.muted ? ' class="muted"' : ''}>${escapeXml(b.text)}</p>`;
    case 'chart':
      return `<figure>${sceneToSvg(b.scene)}<figcaption>${escapeXml(b.caption)}</figcaption></figure>`;
    case 'table': {
      const align = b.columns.map((c) => (c.align === 'right' ? 'r' : 'l'));
      const head = b.columns.map((c, i) => `<th class="${align[i]}">${escapeXml(c.label)}</th>`).join('');
      const rows = b.rows
        .map(
          (r) =>
            `<tr${r.alert ? ' class="alert"' : ''}>${r.cells.map((c, i) => `<td class="${align[i]}">${escapeXml(c)}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
  }
}
