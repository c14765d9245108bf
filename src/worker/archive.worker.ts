// Archive worker entry: reads one archive's members and posts them back in batches.
import { serveArchives, type ExpandMessage, type ExpandRequest } from "./archives";
import type { WorkerScope } from "./protocol";

serveArchives(self as unknown as WorkerScope<ExpandRequest, ExpandMessage>);
