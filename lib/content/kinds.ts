/**
 * The kinds of content the chain anchors by hash, one zod schema each: what the API accepts, what
 * the browser checks before it signs, and what the audit recomputes. A schema only normalises
 * (trims, fills in empty lists); the hash is of the normalised document, so the browser and the
 * API, running the same schema, hash the same bytes. Browser-safe (zod only).
 *
 * Where each hash is anchored on chain:
 * - `proposal`: BudgetRound.submitProposal(contentHash)
 * - `review`: BudgetRound.reviewProposal(reasonHash) and cancelRound(reasonHash)
 * - `rules`: BudgetRound.createRound(rules.rulesHash): the round's name, rules text, district names
 * - `implementation`: BudgetRound.reportImplementation(noteHash): progress note and photos
 * - `task`: TaskBoard.createTask(contentHash)
 * - `evidence`: TaskBoard.submitEvidence(evidenceHash): what the resident did, with photos
 * - `merchant`: LocalCoin.registerMerchant(nameHash): the shop's public listing
 * - `photo`: the bytes themselves (keccak256 of the stored file), referenced by the others
 * (A rejection reason is on chain as text: TaskBoard.reject(reason) stores the string itself.)
 */
import { z } from "zod";

export const photoHash = z.string().regex(/^0x[0-9a-f]{64}$/, "must be a photo's lowercase 0x hash");

const text = (min: number, max: number) =>
  z.string().trim().min(min, `must be ${min} to ${max} characters`).max(max, `must be ${min} to ${max} characters`);
const photos = (max: number) => z.array(photoHash).max(max, `at most ${max} photos`).default([]);

export const proposalDocument = z.strictObject({
  title: text(3, 200),
  summary: text(1, 1000),
  body: z.string().max(20_000, "must be at most 20000 characters"),
  /** Photos (hashes of uploaded photos). */
  images: z.array(photoHash).max(10, "at most 10 images").default([]),
  /** A theme the proposal belongs to ("groen", "spelen", ...). */
  theme: text(1, 80).optional(),
  /** Where it would be (WGS 84). */
  location: z
    .strictObject({
      lat: z.number().min(-90, "must be -90 to 90").max(90, "must be -90 to 90"),
      lon: z.number().min(-180, "must be -180 to 180").max(180, "must be -180 to 180"),
    })
    .optional(),
});

export const taskDocument = z.strictObject({
  title: text(3, 200),
  summary: text(1, 1000),
  body: z.string().max(20_000, "must be at most 20000 characters"),
  images: z.array(photoHash).max(10, "at most 10 images").default([]),
});

export const reviewDocument = z.strictObject({
  /** Why the reviewer decided as they did (or why a round was cancelled). */
  reason: text(1, 2000),
});

export const rulesDocument = z.strictObject({
  /** The round's name. */
  title: text(3, 200),
  /** The rules in words, as the municipality published them. */
  text: z.string().max(20_000, "must be at most 20000 characters"),
  /** Names of the round's districts; a district without one is shown as "Wijk N". */
  districts: z
    .array(z.strictObject({ district: z.number().int().positive(), name: text(1, 100) }))
    .max(64, "at most 64 districts")
    .default([]),
  /**
   * Show no vote counts while voting is open (Decidim's default), so early numbers do not steer
   * later voters. A setting of the published text, not of the on-chain Rules: ballots are public
   * events that anyone can count (the audit page does), so the chain could not keep them secret
   * anyway; the pages simply wait. Absent: standings are shown, marked as interim.
   */
  hideStandingsUntilClosed: z.boolean().optional(),
});

export const implementationDocument = z.strictObject({
  /** What was done, for residents. */
  note: text(1, 5000),
  photos: photos(10),
});

export const evidenceDocument = z.strictObject({
  /** What the resident did. */
  text: text(1, 5000),
  photos: photos(10),
});

export const merchantDocument = z.strictObject({
  name: text(2, 120),
  /** Street address, as residents find the shop. */
  address: text(0, 200).default(""),
});

export const documentSchemas = {
  proposal: proposalDocument,
  task: taskDocument,
  review: reviewDocument,
  rules: rulesDocument,
  implementation: implementationDocument,
  evidence: evidenceDocument,
  merchant: merchantDocument,
} as const;

export type DocumentKind = keyof typeof documentSchemas;
export const DOCUMENT_KINDS = Object.keys(documentSchemas) as DocumentKind[];
/**
 * Every kind that can be moderated: the documents and photos of the store, and residents' comments
 * on proposals (backend/comments, kept in their own table: not anchored on chain, never pruned).
 */
export const CONTENT_KINDS = [...DOCUMENT_KINDS, "photo", "comment"] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export type DocumentOf<K extends DocumentKind> = z.output<(typeof documentSchemas)[K]>;
export type DocumentInput<K extends DocumentKind> = z.input<(typeof documentSchemas)[K]>;
export type ProposalDocument = DocumentOf<"proposal">;
export type RulesDocument = DocumentOf<"rules">;
export type EvidenceDocument = DocumentOf<"evidence">;
export type ImplementationDocument = DocumentOf<"implementation">;
export type MerchantDocument = DocumentOf<"merchant">;
export type ReviewDocument = DocumentOf<"review">;
export type TaskDocument = DocumentOf<"task">;

/** The photos a document refers to (kept as long as the document is anchored). */
export function photosOf(kind: DocumentKind, document: object): string[] {
  const d = document as { images?: string[]; photos?: string[] };
  if (kind === "proposal" || kind === "task") return d.images ?? [];
  if (kind === "implementation" || kind === "evidence") return d.photos ?? [];
  return [];
}
