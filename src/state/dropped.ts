// Turns what the browser hands over (a drop, a file input, a folder input) into SourceFiles,
// walking dropped folders recursively.
import type { SourceFile } from "./session";

/** Files from an <input type=file>, keeping the folder path when the input picks a folder. */
export function filesFromInput(list: FileList | readonly File[] | null): SourceFile[] {
  if (!list) return [];
  return Array.from(list, (file) => ({
    blob: file,
    name: file.name,
    path: file.webkitRelativePath || file.name,
  }));
}

/** Files from a drop: plain files, and every file under each dropped folder. */
export async function filesFromDrop(transfer: DataTransfer): Promise<SourceFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  // Items must be read synchronously, before the drop event returns.
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== "file") continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) return filesFromInput(transfer.files);
  const out: SourceFile[] = loose.map((file) => ({ blob: file, name: file.name, path: file.name }));
  for (const entry of entries) await walk(entry, out);
  return out;
}

async function walk(entry: FileSystemEntry, out: SourceFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ blob: file, name: file.name, path: entry.fullPath.replace(/^\//, "") });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in pages (100 at a time in Chromium) until it answers none.
  for (;;) {
    const page = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (page.length === 0) break;
    for (const child of page) await walk(child, out);
  }
}
