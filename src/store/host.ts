/**
 * The id of this machine in leases. Recovery checks an executor's pid only when the lease names this
 * host, so two machines must never share an id: WORKBLOCK_HOST_ID overrides the hostname where
 * hostnames repeat (containers) and lets tests run several "hosts" on one machine.
 */
import os from 'node:os';

export function hostId(): string {
  return process.env.WORKBLOCK_HOST_ID || os.hostname();
}
