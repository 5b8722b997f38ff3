/** One versioned schema migration. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
