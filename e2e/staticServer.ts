// A plain static file server, the one every browser run of this project uses without Vite: the
// e2e tests serve dist/ under any path prefix (the app as a static host serves it), and the
// benchmark serves its own build with the floor page mounted beside it.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, resolve, sep } from "node:path";

export const DIST = resolve(import.meta.dirname, "..", "dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * A URL prefix (starting and ending with "/") served from a folder, or one URL served from one
 * file. The longest matching prefix wins.
 */
export type Mount = { prefix: string; dir: string } | { path: string; file: string };

export interface StaticServer {
  /** The server's origin with a trailing slash, e.g. http://127.0.0.1:41234/ */
  origin: string;
  /** For serveDist: the origin followed by the prefix. */
  url: string;
  close(): Promise<void>;
}

/** The file a URL path names under the mounts, or null (outside every mount, or not a file). */
function resolveMounted(pathname: string, mounts: readonly Mount[]): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  let best: { prefix: string; dir: string } | null = null;
  for (const mount of mounts) {
    if ("file" in mount) {
      if (decoded === mount.path) return mount.file;
    } else if (
      decoded.startsWith(mount.prefix) &&
      (!best || mount.prefix.length > best.prefix.length)
    ) {
      best = mount;
    }
  }
  if (!best) return null;
  const base = resolve(best.dir);
  const rest = decoded.slice(best.prefix.length);
  const file = resolve(base, rest === "" || rest.endsWith("/") ? `${rest}index.html` : rest);
  if (file !== base && !file.startsWith(base + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** Serves the mounts on 127.0.0.1 at a random port; GET and HEAD only, nothing cached. */
export async function serveStatic(mounts: readonly Mount[], prefix = "/"): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = resolveMounted(pathname, mounts);
    if (!file) {
      response.writeHead(404).end("not found");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405).end();
      return;
    }
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    if (request.method === "HEAD") response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}/`;
  return {
    origin,
    url: `${origin}${prefix.slice(1)}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** dist/ under a path prefix ("/tools/trail/"), as a static host serves the build. */
export async function serveDist(prefix: string, dist = DIST): Promise<StaticServer> {
  if (!existsSync(resolve(dist, "index.html")))
    throw new Error("dist/ is missing: run `npm run build` first");
  return serveStatic([{ prefix, dir: dist }], prefix);
}
