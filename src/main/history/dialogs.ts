/**
 * Electron glue for the history service: the native save and open dialogs, attached to the app's window
 * when there is one. Nothing else here; the service (history-service.ts) has no Electron import.
 */
import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import type { ExportFormat } from '../../shared/ipc/contract';
import type { HistoryServiceDeps } from './history-service';

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  pdf: { name: 'PDF report', extensions: ['pdf'] },
  html: { name: 'HTML report', extensions: ['html'] },
  csv: { name: 'Per-rep CSV', extensions: ['csv'] },
  json: { name: 'BarTempo session file', extensions: ['json'] },
};

export function electronDialogs(
  window: () => BrowserWindow | null,
): Pick<HistoryServiceDeps, 'chooseSavePath' | 'chooseOpenPath'> {
  return {
    async chooseSavePath(suggestedName, format) {
      const options: SaveDialogOptions = {
        title: 'Export session',
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: [FILTERS[format]],
      };
      const win = window();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseOpenPath() {
      const options: OpenDialogOptions = {
        title: 'Import a recording or session file',
        properties: ['openFile'],
        filters: [
          { name: 'CSV recording or session file', extensions: ['csv', 'json', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const win = window();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
