// Archive worker entry: reads archives' members and posts them back in batches.
import { serveArchives, type ArchiveWorkerMessage, type ArchiveWorkerRequest } from "./archives";
import type { WorkerScope } from "./protocol";

serveArchives(self as unknown as WorkerScope<ArchiveWorkerRequest, ArchiveWorkerMessage>);
