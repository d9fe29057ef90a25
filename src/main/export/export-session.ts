import { extname } from 'node:path';
import type { Analysis } from '../../shared/engine/analyze';
import { InputError } from '../../shared/io/errors';
import { formatReportHtml } from '../../shared/report/html';
import { formatSessionFile } from '../../shared/session/file';
import { formatRepsCsv } from '../../shared/session/reps-csv';
import type { SessionData } from '../../shared/session/types';
import { formatReportPdf } from './pdf';

import type { ExportFormat } from '../../shared/ipc/contract';

export type { ExportFormat };

const BY_EXTENSION: Record<string, ExportFormat> = {
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
  '.csv': 'csv',
  '.json': 'json',
};

/** The export format an output path asks for, from its extension (any case). */
export function exportFormatFromPath(path: string): ExportFormat {
  const ext = extname(path).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (format === undefined) {
    const got = ext === '' ? 'no extension' : `"${ext.slice(0, 12)}"`;
    throw new InputError(
      `Cannot tell what to write from ${got}: end the output name in .pdf or .html (report), .csv (per-rep CSV) or .json (session file)`,
    );
  }
  return format;
}

/** A session in one export format, as bytes: `analysis` must be analyzeSession(data). */
export async function exportSession(
  data: SessionData,
  analysis: Analysis,
  format: ExportFormat,
): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return formatReportPdf(data, analysis);
    case 'html':
      return Buffer.from(formatReportHtml(data, analysis), 'utf8');
    case 'csv':
      return Buffer.from(formatRepsCsv(data, analysis), 'utf8');
    case 'json':
      return Buffer.from(formatSessionFile(data, analysis), 'utf8');
  }
}
