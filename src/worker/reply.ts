// Answers one request: the worker entry and the in-process fake both go through here, so an
// answer that cannot be posted (a value the structured clone refuses: DataCloneError) still
// answers, with an error reply, instead of leaving the request waiting forever.
import { handleRequest } from "./handle";
import { errorResponse, type WorkerRequest, type WorkerResponse } from "./protocol";

export type Post = (response: WorkerResponse, transfer: Transferable[]) => void;

export async function reply(request: WorkerRequest, post: Post): Promise<void> {
  const { response, transfer } = await handleRequest(request);
  try {
    post(response, transfer);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    post(errorResponse(request.id, new Error(`the answer could not be sent: ${reason}`)), []);
  }
}
