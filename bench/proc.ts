/** What Linux's /proc says of a process: its peak memory and the CPU time it has used. */
import { readFileSync } from 'node:fs';
import { groupMembers } from '../scripts/ports';

/** A /proc file of the process; undefined once it is gone (a database backend may end any time). */
function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Peak resident memory (VmHWM), in MiB. */
export function peakMemoryMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  const line = readProc(pid, 'status')?.split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : null;
}

/** User and system CPU seconds used so far (all its threads). */
export function cpuSeconds(pid: number | undefined): number {
  const stat = pid ? readProc(pid, 'stat') : undefined;
  if (!stat) return 0;
  // Fields after the command name (which may hold spaces) start at the state, field 3; utime and stime are 14 and 15.
  const fields = stat.split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds each process used between two readings. */
export function cpuSince(before: Record<string, number>, now: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(now).map(([name, s]) => [name, Math.round((s - (before[name] ?? 0)) * 10) / 10]));
}

/** The process of group `pgid` whose command is `command` (the dev server, not the shell that wraps it). */
export function groupMember(pgid: number | undefined, command: string): number | undefined {
  if (!pgid) return undefined;
  return groupMembers(pgid).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').startsWith(`${pid} (${command})`);
    } catch {
      return false;
    }
  });
}
