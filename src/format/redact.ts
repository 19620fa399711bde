/** The secrets policy moved to src/redact.ts (used by store, worker, loggers and format alike); kept so old imports work. */
export * from '../redact.js';
