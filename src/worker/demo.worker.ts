// Generates the built-in demo data set (the same generator the tests and the benchmark use) off
// the main thread, and hands the gzipped deliveries back as bytes.
import { PRESETS, generateDeliveries } from "../generator";
import type { DemoResponse, WorkerScope } from "./protocol";

const scope = self as unknown as WorkerScope<string, DemoResponse>;

scope.onmessage = () => {
  try {
    const files: { path: string; bytes: Uint8Array }[] = [];
    for (const file of generateDeliveries(PRESETS.demo))
      files.push({ path: file.path, bytes: file.bytes });
    const message: DemoResponse = { type: "demo", files };
    scope.postMessage(
      message,
      files.map((f) => f.bytes.buffer as ArrayBuffer),
    );
  } catch (error) {
    const message: DemoResponse = {
      type: "error",
      message: error instanceof Error ? error.message : String(error),
    };
    scope.postMessage(message);
  }
};
