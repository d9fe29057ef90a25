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
