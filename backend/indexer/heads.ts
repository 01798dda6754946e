/**
 * New chain heads pushed by the node: an `eth_subscribe("newHeads")` WebSocket subscription, so a
 * caught-up indexer reads a block as soon as it is mined instead of at its next poll.
 *
 * A `ws(s)://` RPC URL is subscribed to as it is; for an `http(s)://` URL the same address with the
 * WebSocket scheme is tried (Anvil, Hardhat, Erigon and hosted RPCs serve both on one address). When
 * the node offers no subscription there, {@link subscribeNewHeads} answers undefined and the indexer
 * polls. A dropped socket is reconnected with backoff; until then waiting falls back to the poll
 * interval, so a lost subscription slows the indexer down but never stops it.
 */
import type { Logger } from "../logger/index.js";

export interface NewHeads {
  /**
   * Resolves at the next new head (at once if one arrived since the last wait), after `timeoutMs`,
   * or when `signal` aborts, whichever is first.
   */
  wait(timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Whether the subscription is open right now. */
  readonly subscribed: boolean;
  /** The newest head number pushed so far. */
  readonly latest: number | undefined;
  close(): void;
}

export interface NewHeadsOptions {
  logger: Logger;
  /** How long to wait for the socket and the subscription (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts (default 30 s). */
  maxReconnectDelayMs?: number;
}

/** The WebSocket address to subscribe at for an RPC URL, or undefined for another scheme. */
export function webSocketUrlOf(rpcUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    return undefined;
  }
  if (url.protocol === "ws:" || url.protocol === "wss:") return url.toString();
  if (url.protocol === "http:") url.protocol = "ws:";
  else if (url.protocol === "https:") url.protocol = "wss:";
  else return undefined;
  return url.toString();
}

/** Subscribes to new heads at the RPC's WebSocket address; undefined when it offers none. */
export async function subscribeNewHeads(rpcUrl: string, options: NewHeadsOptions): Promise<NewHeads | undefined> {
  const url = webSocketUrlOf(rpcUrl);
  if (!url) return undefined;
  const heads = new HeadSubscription(url, options);
  if (await heads.connect()) {
    options.logger.info("following new heads over a WebSocket subscription", { host: new URL(url).host });
    return heads;
  }
  heads.close();
  options.logger.info("the RPC offers no newHeads subscription; polling for new blocks", { host: new URL(url).host });
  return undefined;
}

class HeadSubscription implements NewHeads {
  readonly #url: string;
  readonly #options: NewHeadsOptions;
  #socket: WebSocket | undefined;
  #subscription: string | undefined;
  #pending = false;
  #latest: number | undefined;
  #closed = false;
  #reconnectDelay = 500;
  #reconnectTimer: NodeJS.Timeout | undefined;
  readonly #waiters = new Set<() => void>();

  constructor(url: string, options: NewHeadsOptions) {
    this.#url = url;
    this.#options = options;
  }

  get subscribed(): boolean {
    return this.#subscription !== undefined;
  }

  get latest(): number | undefined {
    return this.#latest;
  }

  /** Opens the socket and subscribes; false when either fails or takes too long. */
  connect(): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (ok: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(ok);
      };
      const timer = setTimeout(() => {
        settle(false);
        socket.close();
      }, this.#options.connectTimeoutMs ?? 3000);
      let socket: WebSocket;
      try {
        socket = new WebSocket(this.#url);
      } catch {
        clearTimeout(timer);
        resolve(false);
        return;
      }
      this.#socket = socket;
      socket.addEventListener("open", () => {
        socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newHeads"] }));
      });
      socket.addEventListener("message", (event) => {
        let message: { id?: number; result?: unknown; error?: unknown; method?: string; params?: unknown };
        try {
          message = JSON.parse(String(event.data)) as typeof message;
        } catch {
          return;
        }
        if (message.id === 1) {
          if (typeof message.result === "string") {
            this.#subscription = message.result;
            this.#reconnectDelay = 500;
            settle(true);
          } else {
            settle(false);
            socket.close();
          }
          return;
        }
        const params = message.params as { subscription?: string; result?: { number?: string } } | undefined;
        if (message.method === "eth_subscription" && params?.subscription === this.#subscription) {
          const number = Number(params?.result?.number);
          if (Number.isSafeInteger(number)) this.#latest = Math.max(this.#latest ?? 0, number);
          this.#wake();
        }
      });
      socket.addEventListener("error", () => settle(false));
      socket.addEventListener("close", () => {
        settle(false);
        if (this.#socket !== socket) return;
        const wasSubscribed = this.#subscription !== undefined;
        this.#subscription = undefined;
        this.#socket = undefined;
        if (this.#closed || !wasSubscribed) return;
        this.#options.logger.warn("the newHeads subscription closed; polling until it is back", {
          host: new URL(this.#url).host,
        });
        this.#reconnect();
      });
    });
  }

  #reconnect(): void {
    if (this.#closed) return;
    const delay = this.#reconnectDelay;
    this.#reconnectDelay = Math.min(this.#options.maxReconnectDelayMs ?? 30_000, delay * 2);
    this.#reconnectTimer = setTimeout(() => {
      void this.connect().then((ok) => {
        if (ok) {
          this.#options.logger.info("the newHeads subscription is back", { host: new URL(this.#url).host });
          this.#wake(); // blocks may have been mined while it was down
        } else {
          this.#reconnect();
        }
      });
    }, delay);
    this.#reconnectTimer.unref();
  }

  #wake(): void {
    if (this.#waiters.size === 0) {
      this.#pending = true;
      return;
    }
    for (const waiter of [...this.#waiters]) waiter();
  }

  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener("abort", done, { once: true });
      this.#waiters.add(done);
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    this.#subscription = undefined;
    this.#socket?.close();
    this.#socket = undefined;
    for (const waiter of [...this.#waiters]) waiter();
  }
}
