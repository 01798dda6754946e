/**
 * The API under test, served on a loopback port from this process: backend/api's `createApp`,
 * loaded at run time, so the benchmarks build (and bench:indexer runs) before the API exists.
 */
import { createServer, request, type RequestListener, type Server } from "node:http";

interface ApiModule {
  createApp(deps: Record<string, unknown>): AppLike | Promise<AppLike>;
}
interface AppLike {
  callback(): RequestListener;
  /** Stops the app's own timers (the live feed's poll). */
  close?(): void;
}

export interface RunningApi {
  baseUrl: string;
  server: Server;
  close(): Promise<void>;
}

/** Whether backend/api can be loaded (it lands separately from the benchmarks). */
export async function apiAvailable(): Promise<boolean> {
  return (await loadApi().catch(() => undefined)) !== undefined;
}

async function loadApi(): Promise<ApiModule> {
  const specifier = "../../../backend/api/index.js";
  const api = (await import(specifier)) as Partial<ApiModule>;
  if (typeof api.createApp !== "function") throw new Error("backend/api/index.ts exports no createApp");
  return api as ApiModule;
}

export async function startApi(deps: Record<string, unknown>): Promise<RunningApi> {
  let api: ApiModule;
  try {
    api = await loadApi();
  } catch (error) {
    throw new Error(`the API (backend/api/index.ts, createApp) cannot be loaded: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const app = await api.createApp(deps);
  const server = createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        app.close?.();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Follows the API's Server-Sent Events (`GET /api/events`) and calls `onBlock` with the number
 * of every `block` event as it arrives. Returns a function that disconnects.
 */
export function followBlocks(baseUrl: string, onBlock: (number: number) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/api/events`, { headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET /api/events answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = message.split("\n");
          const event = lines
            .find((l) => l.startsWith("event:"))
            ?.slice(6)
            .trim();
          const data = lines
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trim())
            .join("\n");
          if (event !== "block" || !data) continue;
          const number = Number((JSON.parse(data) as { number: string | number }).number);
          if (Number.isInteger(number)) onBlock(number);
        }
      });
      resolve(() => req.destroy());
    });
    req.on("error", (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
}
