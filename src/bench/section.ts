/** A benchmark section: runs, then returns its markdown (heading, tables, notes). */
export interface BenchSection {
  id: string;
  title: string;
  run(): Promise<string> | string;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
