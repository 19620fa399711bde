export interface KillTrialsResult {
  trials: number;
  kills: number;
  blocks: number;
  completed: number;
  problems: string[];
}
export function checkInvariants(dbFile: string, expected: Set<number>): string[];
export function runKillTrials(opts: { trials: number; blocks?: number; maxDelayMs?: number; log?: (line: string) => void }): Promise<KillTrialsResult>;
