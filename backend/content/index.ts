/**
 * The content store: every text and photo whose hash the chain anchors (lib/content), kept in
 * Postgres under that hash, written only with the author's EIP-712 signature by a registered
 * resident or the role that anchors the kind, within per-account quotas; pruned when no
 * transaction anchored it within a day; moderated in public. See backend/README.md "Content".
 */
import type { ChainViews } from "../api/chain.js";
import type { RouteTable } from "../api/route.js";
import type { Sql } from "../db/index.js";
import type { Logger } from "../logger/index.js";
import { createAuthorization, type Authorization } from "./authorization.js";
import { createModeration, type Moderation } from "./moderation.js";
import { DEFAULT_PHOTO_LIMITS, type PhotoLimits } from "./photos.js";
import { PRUNE_AFTER_SECONDS, pruneUnanchored } from "./prune.js";
import { contentRoutes } from "./routes.js";
import { createSignatureVerifier, type SignatureVerifier } from "./signature.js";
import { createContentStore, DEFAULT_QUOTAS, type ContentStore, type Quotas } from "./store.js";

export { createAuthorization, MODERATOR, roleId, WRITERS, type Authorization, type Writer } from "./authorization.js";
export { createModeration, hiddenCondition, type Moderation } from "./moderation.js";
export { encodePhoto, sniffPhotoType, thumbnailOf, DEFAULT_PHOTO_LIMITS, type PhotoLimits } from "./photos.js";
export { pruneUnanchored, PRUNE_AFTER_SECONDS } from "./prune.js";
export { createSignatureVerifier, type SignatureVerifier, type Signed } from "./signature.js";
export { DEFAULT_QUOTAS, type ContentStore, type Quotas } from "./store.js";
export { documentOf, insertDocument, insertPhoto } from "./queries.js";

export interface ContentOptions {
  quotas?: Partial<Quotas>;
  photoLimits?: Partial<PhotoLimits>;
  /** How often unanchored content is pruned, in ms (default hourly; 0: never, a test prunes itself). */
  pruneIntervalMs?: number;
  /** Age after which unanchored content goes (default a day). */
  pruneAfterSeconds?: number;
  /** Unix seconds now, for signature ages (tests move it). */
  now?: () => number;
}

export interface ContentDeps extends ContentOptions {
  sql: Sql;
  chain: ChainViews;
  chainId: number;
  registry: string;
  logger: Logger;
}

export interface Content {
  store: ContentStore;
  moderation: Moderation;
  signatures: SignatureVerifier;
  authorization: Authorization;
  mount(routes: RouteTable): void;
  prune(): Promise<number>;
  stop(): void;
}

export function createContent(deps: ContentDeps): Content {
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  const signatures = createSignatureVerifier({ chainId: deps.chainId, registry: deps.registry, now });
  const authorization = createAuthorization(deps.chain);
  const photoLimits = { ...DEFAULT_PHOTO_LIMITS, ...deps.photoLimits };
  const store = createContentStore({
    sql: deps.sql,
    signatures,
    authorization,
    quotas: { ...DEFAULT_QUOTAS, ...deps.quotas },
    photoLimits,
  });
  const moderation = createModeration({ sql: deps.sql, signatures, authorization });
  const prune = async () => {
    const count = await pruneUnanchored(deps.sql, deps.pruneAfterSeconds ?? PRUNE_AFTER_SECONDS);
    if (count > 0) deps.logger.info("content pruned", { items: count });
    return count;
  };
  const interval = deps.pruneIntervalMs ?? 60 * 60 * 1000;
  const timer =
    interval > 0
      ? setInterval(() => {
          prune().catch((error: Error) => deps.logger.warn("content prune failed", { error: error.message }));
        }, interval)
      : undefined;
  timer?.unref();
  return {
    store,
    moderation,
    signatures,
    authorization,
    prune,
    stop: () => clearInterval(timer),
    mount: (routes) => contentRoutes(routes, { sql: deps.sql, store, moderation, maxPhotoBytes: photoLimits.maxBytes }),
  };
}
