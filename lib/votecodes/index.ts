/**
 * Household vote codes: the one module that generates, normalizes and uses them (scripts, backend
 * and the browser all import it; no Node-only imports here).
 *
 * A code is 16 characters of Crockford base32 (80 bits), printed as XXXX-XXXX-XXXX-XXXX. It derives
 * a secp256k1 key deterministically; the municipality publishes a Merkle root over the key
 * addresses (OpenZeppelin StandardMerkleTree, leaf type `address`), never the codes. A resident
 * proves possession by signing an EIP-712 `VoteCode(account, district, batchId)` with the code's
 * key, so the code never appears on chain and a pending redemption cannot be front-run.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { Wallet, keccak256, toUtf8Bytes, type TypedDataDomain } from "ethers";

/** Crockford base32: digits and letters without I, L, O and U. */
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 16;
const KEY_PREFIX = "buurtkas:vote-code:v1:";
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export class VoteCodeError extends Error {
  override name = "VoteCodeError";
}

/**
 * The address a letter's QR code holds: the app's vote page with the code filled in, so the
 * letter alone is enough to vote (frontend/src/pages/vote/LetterVotePage.svelte). `roundId`, when
 * given, names the round the letter is for: a district may vote in two rounds at once, and the
 * page then opens that round's ballot while it is in voting.
 */
export function letterVoteUrl(
  appBase: string,
  batchId: bigint | number | string,
  code: string,
  roundId?: bigint | number | string | null,
): string {
  const round = roundId === undefined || roundId === null ? "" : `&round=${encodeURIComponent(String(roundId))}`;
  return `${appBase.replace(/\/+$/, "")}/#/stem?batch=${encodeURIComponent(String(batchId))}&code=${encodeURIComponent(code)}${round}`;
}

/** A fresh random code, formatted for printing. */
export function generateCode(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(CODE_LENGTH));
  // 256 is a multiple of 32, so `byte % 32` is uniform over the alphabet.
  const chars = Array.from(bytes, (byte) => CODE_ALPHABET[byte % 32]!);
  return formatCode(chars.join(""));
}

/** XXXX-XXXX-XXXX-XXXX */
export function formatCode(normalized: string): string {
  return normalized.match(/.{1,4}/g)!.join("-");
}

/**
 * The canonical form of what a resident typed: upper case, no spaces or dashes, and the letters
 * people confuse with digits read as those digits (O -> 0, I and L -> 1).
 */
export function normalizeCode(input: string): string {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (cleaned.length !== CODE_LENGTH) {
    throw new VoteCodeError(`a vote code has ${CODE_LENGTH} characters, this one has ${cleaned.length}`);
  }
  const bad = [...cleaned].find((char) => !CODE_ALPHABET.includes(char));
  if (bad !== undefined) throw new VoteCodeError(`a vote code cannot contain "${bad}"`);
  return cleaned;
}

/** The key a code derives. Its address is the code's public identity in the Merkle tree. */
export function codeWallet(code: string): Wallet {
  const normalized = normalizeCode(code);
  for (let counter = 0; ; counter++) {
    const suffix = counter === 0 ? "" : `:${counter}`;
    const key = BigInt(keccak256(toUtf8Bytes(KEY_PREFIX + normalized + suffix)));
    // Outside [1, n) with probability ~2**-128; the counter keeps the derivation total.
    if (key > 0n && key < SECP256K1_ORDER) return new Wallet("0x" + key.toString(16).padStart(64, "0"));
  }
}

export type CodeTree = StandardMerkleTree<[string]>;

/** The Merkle tree over code addresses whose root the municipality publishes. */
export function buildCodeTree(addresses: readonly string[]): CodeTree {
  if (addresses.length === 0) throw new VoteCodeError("a code batch needs at least one code");
  return StandardMerkleTree.of(
    addresses.map((address) => [address] as [string]),
    ["address"],
  );
}

/** A tree from its `dump()` (the public batch file), refused unless its leaves are code addresses. */
export function loadCodeTree(dump: ReturnType<CodeTree["dump"]>): CodeTree {
  if (dump.leafEncoding.length !== 1 || dump.leafEncoding[0] !== "address") {
    throw new VoteCodeError(
      `a code tree has leaves of type ["address"], this one has ${JSON.stringify(dump.leafEncoding)}`,
    );
  }
  const tree = StandardMerkleTree.load(dump);
  tree.validate();
  return tree;
}

/** The proof that `address` is in the tree. */
export function proofFor(tree: CodeTree, address: string): string[] {
  for (const [index, [leaf]] of tree.entries()) {
    if (leaf.toLowerCase() === address.toLowerCase()) return tree.getProof(index);
  }
  throw new VoteCodeError(`code address ${address} is not in this batch`);
}

export interface VoteCodeContext {
  /** ResidentRegistry address. */
  registry: string;
  chainId: bigint | number;
  /** The account to register. */
  account: string;
  district: number | bigint;
  batchId: bigint | number;
}

export const VOTE_CODE_TYPES = {
  VoteCode: [
    { name: "account", type: "address" },
    { name: "district", type: "uint32" },
    { name: "batchId", type: "uint256" },
  ],
};

export function voteCodeDomain(registry: string, chainId: bigint | number): TypedDataDomain {
  return { name: "BuurtkasResidentRegistry", version: "1", chainId, verifyingContract: registry };
}

/** The code key's signature that lets `account` redeem the code (ResidentRegistry.redeemVoteCode). */
export async function signVoteCode(code: string, context: VoteCodeContext): Promise<string> {
  return codeWallet(code).signTypedData(voteCodeDomain(context.registry, context.chainId), VOTE_CODE_TYPES, {
    account: context.account,
    district: context.district,
    batchId: context.batchId,
  });
}
