/**
 * The coach's report as a PDF, with pdfkit (no browser): the same blocks as the HTML report
 * (src/shared/report/document.ts) and the same chart scenes, drawn with pdfkit's vector calls at the
 * scenes' coordinates scaled to the page. A4, standard Helvetica (pdfkit reads its metric files from its
 * own folder at run time: it stays external in the CLI bundle).
 */
import PDFDocument from 'pdfkit';
import type { Analysis } from '../../shared/engine/analyze';
import {
  reportBlocks,
  type ReportBlock,
  type TableColumn,
  type TableRow,
} from '../../shared/report/document';
import { buildReportModel } from '../../shared/report/model';
import { COLORS, type Scene } from '../../shared/report/scene';
import type { SessionData } from '../../shared/session/types';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 42;
const CONTENT_W = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN - 16; // room for the footer
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

type Doc = InstanceType<typeof PDFDocument>;

export async function formatReportPdf(data: SessionData, analysis: Analysis): Promise<Buffer> {
  const model = buildReportModel(data, analysis);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: pdfText(`BarTempo report: ${model.athlete ?? 'session'}, ${model.dateText}`),
      Creator: 'BarTempo',
      CreationDate: new Date(model.startedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const blocks = reportBlocks(model);
  let y = MARGIN;
  blocks.forEach((block, i) => {
    // A heading keeps the block after it on its page; a set starts a page once the page is half full.
    const next = blocks[i + 1];
    let need = height(doc, block);
    if (block.kind === 'heading' && next) need += Math.min(height(doc, next), 300);
    const breakBefore = block.kind === 'heading' && block.pageBreakBefore === true && y > PAGE.height / 2;
    if (y > MARGIN && (breakBefore || y + need > BOTTOM)) {
      doc.addPage();
      y = MARGIN;
    }
    y = draw(doc, block, y);
  });
  footer(doc, `BarTempo · ${model.athlete ?? 'session report'} · ${model.dateText}`);
  doc.end();
  return done;
}

function height(doc: Doc, block: ReportBlock): number {
  switch (block.kind) {
    case 'title':
      return 52;
    case 'heading':
      return block.level === 2 ? 34 : 24;
    case 'facts':
      return factRows(doc, block.items).reduce((a, h) => a + h, 0) + 10;
    case 'paragraph':
      doc.font(FONT).fontSize(block.muted ? 7.5 : 9);
      return doc.heightOfString(pdfText(block.text), { width: CONTENT_W }) + 8;
    case 'chart':
      return chartScale(block.scene) * block.scene.height + 22;
    case 'table':
      return (block.rows.length + 1) * ROW_H + 12;
  }
}

function draw(doc: Doc, block: ReportBlock, y: number): number {
  switch (block.kind) {
    case 'title':
      doc
        .font(BOLD)
        .fontSize(22)
        .fillColor(COLORS.text)
        .text(pdfText(block.text), MARGIN, y, { width: CONTENT_W, lineBreak: false });
      doc
        .font(FONT)
        .fontSize(10.5)
        .fillColor(COLORS.muted)
        .text(pdfText(block.subtitle), MARGIN, y + 28, { width: CONTENT_W, lineBreak: false });
      return y + 52;
    case 'heading': {
      const top = y + (block.level === 2 ? 10 : 6);
      if (block.level === 2)
        doc
          .moveTo(MARGIN, top - 4)
          .lineTo(MARGIN + CONTENT_W, top - 4)
          .lineWidth(1)
          .strokeColor(COLORS.grid)
          .stroke();
      doc
        .font(BOLD)
        .fontSize(block.level === 2 ? 13.5 : 11)
        .fillColor(COLORS.text)
        .text(pdfText(block.text), MARGIN, top + 4, { width: CONTENT_W, lineBreak: false });
      return y + height(doc, block);
    }
    case 'facts':
      return drawFacts(doc, block.items, y) + 10;
    case 'paragraph': {
      doc
        .font(FONT)
        .fontSize(block.muted ? 7.5 : 9)
        .fillColor(block.muted ? COLORS.muted : COLORS.text);
      doc.text(pdfText(block.text), MARGIN, y, { width: CONTENT_W });
      return y + height(doc, block);
    }
    case 'chart': {
      const scale = chartScale(block.scene);
      drawScene(doc, block.scene, MARGIN, y, scale);
      const captionY = y + block.scene.height * scale + 4;
      doc.font(FONT).fontSize(7.5).fillColor(COLORS.muted).text(pdfText(block.caption), MARGIN, captionY, {
        width: CONTENT_W,
        lineBreak: false,
        ellipsis: true,
      });
      return captionY + 18;
    }
    case 'table':
      return drawTable(doc, block.columns, block.rows, y) + 12;
  }
}

const FACT_COLUMNS = 3;
const FACT_LABEL_W = 64;

function factRows(doc: Doc, items: { label: string; value: string }[]): number[] {
  const cellW = CONTENT_W / FACT_COLUMNS;
  const rows: number[] = [];
  doc.font(BOLD).fontSize(8.5);
  for (let i = 0; i < items.length; i += FACT_COLUMNS) {
    const heights = items
      .slice(i, i + FACT_COLUMNS)
      .map((item) => doc.heightOfString(pdfText(item.value), { width: cellW - FACT_LABEL_W - 8 }));
    rows.push(Math.max(...heights) + 4);
  }
  return rows;
}

function drawFacts(doc: Doc, items: { label: string; value: string }[], y: number): number {
  const cellW = CONTENT_W / FACT_COLUMNS;
  const rows = factRows(doc, items);
  rows.forEach((rowH, r) => {
    items.slice(r * FACT_COLUMNS, (r + 1) * FACT_COLUMNS).forEach((item, c) => {
      const x = MARGIN + c * cellW;
      doc
        .font(FONT)
        .fontSize(8.5)
        .fillColor(COLORS.muted)
        .text(pdfText(item.label), x, y, { width: FACT_LABEL_W, lineBreak: false });
      doc
        .font(BOLD)
        .fontSize(8.5)
        .fillColor(COLORS.text)
        .text(pdfText(item.value), x + FACT_LABEL_W, y, { width: cellW - FACT_LABEL_W - 8 });
    });
    y += rowH;
  });
  return y;
}

const ROW_H = 13;
const TABLE_FONT = 8;
const CELL_PAD = 5;

function drawTable(doc: Doc, columns: TableColumn[], rows: TableRow[], y: number): number {
  doc.font(BOLD).fontSize(TABLE_FONT);
  const widths = columns.map(
    (c, i) =>
      Math.max(
        doc.widthOfString(pdfText(c.label)),
        ...rows.map((r) => doc.widthOfString(pdfText(r.cells[i] ?? ''))),
      ) +
      2 * CELL_PAD,
  );
  const total = widths.reduce((a, w) => a + w, 0);
  const fit = total > CONTENT_W ? CONTENT_W / total : 1;
  const xs: number[] = [];
  widths.reduce((x, w, i) => ((xs[i] = x), x + w * fit), MARGIN);
  const tableW = Math.min(total * fit, CONTENT_W);
  /** The rule under the row that starts at `top`. */
  const underline = (top: number, width: number, color: string): void => {
    doc
      .moveTo(MARGIN, top + ROW_H)
      .lineTo(MARGIN + tableW, top + ROW_H)
      .lineWidth(width)
      .strokeColor(color)
      .stroke();
  };
  const row = (cells: string[], top: number, font: string, color: string): void => {
    doc.font(font).fontSize(TABLE_FONT).fillColor(color);
    cells.forEach((cell, i) => {
      const w = (widths[i] as number) * fit - 2 * CELL_PAD;
      doc.text(pdfText(cell), (xs[i] as number) + CELL_PAD, top + 3, {
        width: w,
        align: columns[i]?.align === 'right' ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
      });
    });
  };
  const header = (top: number): number => {
    row(
      columns.map((c) => c.label),
      top,
      BOLD,
      COLORS.muted,
    );
    underline(top, 0.75, '#d1d5db');
    return top + ROW_H + 1;
  };
  y = header(y);
  for (const r of rows) {
    if (y + ROW_H > BOTTOM) {
      doc.addPage();
      y = header(MARGIN);
    }
    row(r.cells, y, r.alert ? BOLD : FONT, r.alert ? COLORS.rushed : COLORS.text);
    underline(y, 0.5, '#eef0f2');
    y += ROW_H;
  }
  return y;
}

function chartScale(scene: Scene): number {
  return CONTENT_W / scene.width;
}

/** A scene at (x0, y0), every coordinate times `scale`: the same geometry as its SVG. */
export function drawScene(doc: Doc, scene: Scene, x0: number, y0: number, scale: number): void {
  const X = (x: number): number => x0 + x * scale;
  const Y = (y: number): number => y0 + y * scale;
  const stroke = (color: string | undefined, width: number, dash: boolean | undefined): void => {
    if (color === undefined) return;
    doc.lineWidth(width * scale).strokeColor(color);
    if (dash) doc.dash(4 * scale, { space: 3 * scale });
    else doc.undash();
  };
  for (const item of scene.items) {
    switch (item.kind) {
      case 'rect': {
        if (item.w <= 0 || item.h <= 0) break;
        doc.rect(X(item.x), Y(item.y), item.w * scale, item.h * scale);
        if (item.fill !== null && item.stroke !== undefined) {
          stroke(item.stroke, 0.75, item.dash);
          doc.fillAndStroke(item.fill, item.stroke);
        } else if (item.fill !== null) doc.fill(item.fill);
        else if (item.stroke !== undefined) {
          stroke(item.stroke, 0.75, item.dash);
          doc.stroke();
        }
        doc.undash();
        break;
      }
      case 'line':
        stroke(item.stroke, item.width, item.dash);
        doc.moveTo(X(item.x1), Y(item.y1)).lineTo(X(item.x2), Y(item.y2)).stroke();
        doc.undash();
        break;
      case 'polyline':
      case 'polygon': {
        const p = item.points;
        if (p.length < 4) break;
        doc.moveTo(X(p[0] as number), Y(p[1] as number));
        for (let i = 2; i + 1 < p.length; i += 2) doc.lineTo(X(p[i] as number), Y(p[i + 1] as number));
        if (item.kind === 'polyline') {
          stroke(item.stroke, item.width, false);
          doc.stroke();
        } else {
          doc.closePath();
          if (item.stroke !== undefined) {
            stroke(item.stroke, 1, false);
            doc.fillAndStroke(item.fill, item.stroke);
          } else doc.fill(item.fill);
        }
        break;
      }
      case 'text': {
        const size = item.size * scale;
        const value = pdfText(item.text);
        doc
          .font(item.bold ? BOLD : FONT)
          .fontSize(size)
          .fillColor(item.fill);
        const w = doc.widthOfString(value);
        const left =
          item.anchor === 'start' ? X(item.x) : item.anchor === 'middle' ? X(item.x) - w / 2 : X(item.x) - w;
        doc.text(value, left, Y(item.y), { lineBreak: false, baseline: 'alphabetic' });
        break;
      }
    }
  }
}

function footer(doc: Doc, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // writing below the bottom margin would otherwise add a page
    doc.font(FONT).fontSize(7.5).fillColor(COLORS.muted);
    doc.text(pdfText(text), MARGIN, PAGE.height - MARGIN + 2, { width: CONTENT_W, lineBreak: false });
    doc.text(`page ${i + 1} of ${range.count}`, MARGIN, PAGE.height - MARGIN + 2, {
      width: CONTENT_W,
      align: 'right',
      lineBreak: false,
    });
  }
}

/**
 * The standard PDF fonts only hold Latin-1 (WinAnsi) characters; anything else (e.g. a name in Greek
 * or Chinese) would print as garbage, so it prints as "?" instead. The HTML report shows every character.
 */
export function pdfText(text: string): string {
  return text.replace(/[^\n\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]/g, '?');
}
