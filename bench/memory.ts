// Memory of the page (CDP heap usage after GC) and of every Chromium process (PSS from /proc).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import type { CDPSession } from "@playwright/test";

export interface HeapReading {
  bytes: number;
  /** Whether Chromium reported array buffer backing stores; without them typed arrays are missed. */
  backingStores: boolean;
}

export async function heapAfterGc(cdp: CDPSession): Promise<HeapReading> {
  // Twice: the first pass can leave objects whose finalizers free more on the second.
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const usage = await cdp.send("Runtime.getHeapUsage");
  const backing = (usage as { backingStorageSize?: number }).backingStorageSize;
  return {
    bytes: usage.usedSize + (usage.embedderHeapUsedSize ?? 0) + (backing ?? 0),
    backingStores: typeof backing === "number",
  };
}

/** Every process this one started, recursively: Chromium's browser, zygotes, GPU, renderers. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses; the fields after its last ")" do not.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface ProcessMemory {
  bytes: number;
  kind: "PSS" | "RSS";
}

export function chromiumMemory(): ProcessMemory | null {
  if (!existsSync("/proc/self/stat")) return null;
  let total = 0;
  let kind: "PSS" | "RSS" = "PSS";
  for (const pid of descendants(process.pid)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
      if (pss) {
        total += Number(pss[1]) * 1024;
        continue;
      }
    } catch {
      // No smaps_rollup (old kernel, or not allowed): RSS double-counts shared pages, but exists.
    }
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
      if (rss) {
        total += Number(rss[1]) * 1024;
        kind = "RSS";
      }
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return { bytes: total, kind };
}
