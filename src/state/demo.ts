import type { DemoResponse } from "../worker/protocol";
import type { SourceFile } from "./session";

/** Generates the demo deliveries in a worker and returns them as files, as if dropped. */
export function generateDemoFiles(): Promise<SourceFile[]> {
  const worker = new Worker(new URL("../worker/demo.worker.ts", import.meta.url), {
    type: "module",
  });
  return new Promise<SourceFile[]>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<DemoResponse>) => {
      worker.terminate();
      const data = event.data;
      if (data.type === "error") {
        reject(new Error(data.message));
        return;
      }
      resolve(
        data.files.map(({ path, bytes }) => {
          const name = path.slice(path.lastIndexOf("/") + 1);
          return { blob: new File([bytes as Uint8Array<ArrayBuffer>], name), name, path };
        }),
      );
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || "the demo generator failed"));
    };
    worker.postMessage("generate");
  });
}
