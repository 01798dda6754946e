/**
 * RSA blind signatures over a full-domain hash (Chaum), with BigInt only, so the same code runs in
 * the browser (the resident blinds and unblinds) and in node (the issuer signs, the audit
 * verifies). Numbers travel as big-endian byte strings exactly as long as the modulus, as the
 * contract (contracts/utils/RsaFdh.sol) reads them. The public exponent is always 3 (docs/secret-ballot.md says why not 65537).
 */
import { getBytes, hexlify, keccak256, concat, toBeHex } from "ethers";

export const PUBLIC_EXPONENT = 3n;

/** A district key's public half: the modulus and its length in bytes. */
export interface PublicKey {
  n: bigint;
  /** Length of the modulus in bytes (256 for 2048 bits). */
  k: number;
}

export interface PrivateKey extends PublicKey {
  d: bigint;
}

export function publicKeyFromBytes(modulus: string | Uint8Array): PublicKey {
  const bytes = getBytes(modulus);
  if (bytes.length < 256 || bytes.length > 512 || bytes.length % 32 !== 0)
    throw new RangeError(`an RSA modulus must be 256 to 512 bytes in whole 32-byte words, not ${bytes.length}`);
  if (bytes[0]! < 0x80) throw new RangeError("the modulus's top bit must be set");
  return { n: toBigInt(bytes), k: bytes.length };
}

export function toBigInt(bytes: string | Uint8Array): bigint {
  const hex = hexlify(bytes);
  return hex === "0x" ? 0n : BigInt(hex);
}

/** `value` as exactly `k` big-endian bytes (0x hex). */
export function toBytes(value: bigint, k: number): string {
  if (value < 0n || value >= 1n << BigInt(8 * k)) throw new RangeError(`${value} does not fit in ${k} bytes`);
  return toBeHex(value, k);
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError("not invertible");
  return ((oldS % m) + m) % m;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A uniformly random number in [1, n) coprime to n, from the platform's CSPRNG. */
export function randomUnit(key: PublicKey): bigint {
  for (;;) {
    const bytes = new Uint8Array(key.k);
    globalThis.crypto.getRandomValues(bytes);
    const r = toBigInt(bytes);
    if (r > 0n && r < key.n && gcd(r, key.n) === 1n) return r;
  }
}

/**
 * The full-domain hash of `seed` (32 bytes): keccak256(seed ‖ uint32(i)) for i = 0 .. k/32 - 1,
 * concatenated and reduced mod n.
 */
export function fullDomainHash(seed: string, key: PublicKey): bigint {
  const blocks: string[] = [];
  for (let i = 0; i < key.k / 32; i++) blocks.push(keccak256(concat([seed, toBeHex(i, 4)])));
  return toBigInt(concat(blocks)) % key.n;
}

export interface Blinded {
  /** m · r^e mod n: what the issuer sees and signs. */
  blinded: bigint;
  /** The blinding factor; it never leaves the browser. */
  r: bigint;
}

export function blind(message: bigint, key: PublicKey, r: bigint = randomUnit(key)): Blinded {
  return { blinded: (message * modPow(r, PUBLIC_EXPONENT, key.n)) % key.n, r };
}

/** The issuer's operation: blinded^d mod n. */
export function signBlinded(blinded: bigint, key: PrivateKey): bigint {
  if (blinded <= 0n || blinded >= key.n) throw new RangeError("the blinded message must be in (0, n)");
  return modPow(blinded, key.d, key.n);
}

/** s = s' · r^-1 mod n, a plain signature on the message. */
export function unblind(blindSignature: bigint, r: bigint, key: PublicKey): bigint {
  return (blindSignature * modInverse(r, key.n)) % key.n;
}

/** s^e mod n = m, with s < n (the contract's rule, so a token has exactly one encoding). */
export function verify(signature: bigint, message: bigint, key: PublicKey): boolean {
  return signature > 0n && signature < key.n && modPow(signature, PUBLIC_EXPONENT, key.n) === message % key.n;
}
