export { InputError } from './errors';
export { SAMPLE_FIELDS, parseColumnSpec, checkColumnMap, type ColumnMap, type SampleField } from './columns';
export {
  STANDARD_GRAVITY_MPS2,
  REALBAR_CSV_OPTIONS,
  parseSamplesCsv,
  formatCanonicalCsv,
  type CsvOptions,
  type TimeUnit,
  type AccelUnit,
  type GyroUnit,
} from './csv';
export { CsvSampleReader, MAX_LINE_CHARS, MAX_ABS_TIME_S } from './csv-reader';
export { SampleFileCheck, OUT_OF_ORDER_S, MAX_GAP_S } from './file-checks';
export { orderByTime } from './time-order';
export { CheckedSampleRead, readSamplesText, type ReadSummary, type SampleConsumer } from './read-samples';
