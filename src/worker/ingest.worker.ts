// Ingest worker entry: wires messages to handleRequest (through `reply`, which answers with an
// error reply when an answer cannot be posted). Records never leave the worker as objects: a
// parse answers columns (buffers transferred), a detail request one record's text.
import type { WorkerRequest, WorkerResponse, WorkerScope } from "./protocol";
import { reply } from "./reply";

const scope = self as unknown as WorkerScope<WorkerRequest, WorkerResponse>;

scope.onmessage = (event: MessageEvent<WorkerRequest>) =>
  void reply(event.data, (response, transfer) => scope.postMessage(response, transfer));
