// Ingest worker entry: wires messages to handleRequest. Records never leave the worker as
// objects: a parse answers columns (buffers transferred), a detail request one record's text.
import { handleRequest } from "./handle";
import type { WorkerRequest, WorkerResponse, WorkerScope } from "./protocol";

const scope = self as unknown as WorkerScope<WorkerRequest, WorkerResponse>;

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { response, transfer } = await handleRequest(event.data);
  scope.postMessage(response, transfer);
};
