/** The throw-away PostgreSQL 15 server, shared with the bench (bench/lib/postgres-server.js). */
export * from '../../bench/lib/postgres-server.js';
