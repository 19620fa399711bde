export interface KillTrialsResult {
  trials: number;
  kills: number;
  blocks: number;
  completed: number;
  problems: string[];
}
/** `location`: a SQLite file or a postgres:// URL */
export function checkInvariants(location: string, expected: Set<number>): Promise<string[]>;
export function runKillTrials(opts: { trials: number; blocks?: number; maxDelayMs?: number; log?: (line: string) => void; /** a postgres:// URL; default the SQLite file of a temp dir */ db?: string }): Promise<KillTrialsResult>;
