export interface PostgresServer {
  dir: string;
  port: number;
  /** a role with a password that may create databases */
  user: string;
  password: string;
  /** the unix socket directory (superuser login without a password, for admin work) */
  socketDir: string;
}
export const PG_BIN: string;
export function postgresAvailable(): boolean;
export function startPostgres(): Promise<PostgresServer>;
export function stopPostgres(server: PostgresServer): void;
export function psqlAdmin(server: PostgresServer, statement: string, db?: string): string;
export function databaseUrl(server: PostgresServer, db: string, withPassword?: boolean): string;
/** A new empty database owned by the test role; returns its name. */
export function createDatabase(server: PostgresServer): string;
