import type { Sample } from '../engine/types';
import type { CsvOptions } from './csv-options';
import { CsvSampleReader } from './csv-reader';
import { SampleFileCheck } from './file-checks';
import { orderByTime } from './time-order';

/** Where checked samples go: the engine (AnalysisStream), or an array. */
export interface SampleConsumer {
  process(chunk: readonly Sample[]): void;
  /** Forget everything: the file turned out to be out of order and is fed again, sorted. */
  reset(): void;
}

export interface ReadSummary {
  /** Data rows in the file (all offered to the consumer). */
  rows: number;
  /** Rows that were more than the engine's jitter allowance behind an earlier row, and were sorted. */
  outOfOrderRows: number;
  /** One line each, for the user (stderr in the CLI, the JSON's input.notices, the replay banner). */
  notices: string[];
}

/** Samples handed over at a time once a file has been sorted (the engine gives the same result for any). */
const SORTED_CHUNK_ROWS = 4096;

/**
 * The checked read of a CSV file: CsvSampleReader, then SampleFileCheck, into a consumer. A file in time
 * order streams straight through (nothing but the current line held). At the first row too far behind,
 * `needsRestart` turns true: the caller calls restart() and feeds the text again from the start, and the
 * whole file is then held, ordered (orderByTime: sorted, or refused as two logs), and fed sorted.
 */
export class CheckedSampleRead {
  private readonly reader: CsvSampleReader;
  private readonly check: SampleFileCheck;
  private collecting = false;
  private restartNeeded = false;
  private all: Sample[] = [];
  private allLines: number[] = [];

  constructor(
    options: CsvOptions,
    private readonly consumer: SampleConsumer,
  ) {
    this.reader = new CsvSampleReader(options);
    this.check = new SampleFileCheck(options);
  }

  /** The file is out of order: call restart() and feed it again from the start. */
  get needsRestart(): boolean {
    return this.restartNeeded;
  }

  process(chunk: string): void {
    if (this.restartNeeded) return;
    if (this.collecting) {
      this.reader.process(chunk, this.all, this.allLines);
      return;
    }
    const lines: number[] = [];
    this.pass(this.reader.process(chunk, [], lines), lines);
  }

  restart(): void {
    this.consumer.reset();
    this.reader.reset();
    this.check.reset();
    this.collecting = true;
    this.restartNeeded = false;
  }

  /** Ends the file. null: it turned out to be out of order at its last line; restart and feed it again. */
  finish(): ReadSummary | null {
    if (this.restartNeeded) throw new Error('CheckedSampleRead: restart() and feed the text again first');
    if (!this.collecting) {
      const lines: number[] = [];
      this.pass(this.reader.finish([], lines), lines);
      if (this.restartNeeded) return null;
      this.check.finish();
      return { rows: this.reader.rows, outOfOrderRows: 0, notices: [] };
    }
    const samples = this.reader.finish(this.all, this.allLines);
    const lines = this.allLines;
    this.all = [];
    this.allLines = [];
    const { order, outOfOrderRows } = orderByTime(samples, lines);
    for (let start = 0; start < order.length; start += SORTED_CHUNK_ROWS) {
      const indices = order.subarray(start, start + SORTED_CHUNK_ROWS);
      const chunk = Array.from(indices, (i) => samples[i]!);
      this.check.push(
        chunk,
        Array.from(indices, (i) => lines[i]!),
      );
      this.consumer.process(chunk);
    }
    this.check.finish();
    const notices =
      outOfOrderRows > 0
        ? [`${outOfOrderRows.toLocaleString('en-US')} rows were out of time order; sorted`]
        : [];
    return { rows: samples.length, outOfOrderRows, notices };
  }

  private pass(samples: Sample[], lines: number[]): void {
    if (this.check.push(samples, lines) >= 0) this.restartNeeded = true;
    else this.consumer.process(samples);
  }
}

/** The checked read of text already in memory (the app's file replay): samples in time order, and what was done. */
export function readSamplesText(text: string, options: CsvOptions = {}): ReadSummary & { samples: Sample[] } {
  const samples: Sample[] = [];
  const read = new CheckedSampleRead(options, {
    process: (chunk) => {
      for (const s of chunk) samples.push(s);
    },
    reset: () => {
      samples.length = 0;
    },
  });
  read.process(text);
  let summary = read.needsRestart ? null : read.finish();
  if (!summary) {
    read.restart();
    read.process(text);
    summary = read.finish() as ReadSummary;
  }
  return { ...summary, samples };
}
