/**
 * The issuer's RSA keys: generated with node:crypto (e = 3, see docs/secret-ballot.md), kept as a JSON keyring file
 * (mode 0600) with one key per (round, district), since a blind signature cannot show which
 * district it was made for unless each district has its own key (docs/secret-ballot.md).
 */
import { generateKeyPairSync } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

import { toBytes, type PrivateKey } from "../../lib/blind/index.js";

export const KEY_BITS = 2048;

export function generateKey(bits = KEY_BITS): PrivateKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 3 });
  const jwk = privateKey.export({ format: "jwk" });
  const big = (value: string | undefined) => BigInt("0x" + Buffer.from(value!, "base64url").toString("hex"));
  return { n: big(jwk.n), d: big(jwk.d), k: bits / 8 };
}

export function modulusBytes(key: PrivateKey): string {
  return toBytes(key.n, key.k);
}

interface KeyringFile {
  version: 1;
  /** `${roundId}/${district}` → the key, numbers as 0x hex. */
  keys: Record<string, { n: string; d: string; k: number }>;
}

/** One key per (round, district), created on first use and saved before it is ever published. */
export interface Keyring {
  get(roundId: bigint, district: number): PrivateKey | undefined;
  /** The key for (round, district), generated and saved first when there is none. */
  ensure(roundId: bigint, district: number): Promise<PrivateKey>;
}

export async function openKeyring(file: string): Promise<Keyring> {
  let data: KeyringFile = { version: 1, keys: {} };
  try {
    data = JSON.parse(await readFile(file, "utf8")) as KeyringFile;
    if (data.version !== 1 || typeof data.keys !== "object")
      throw new Error(`${file}: not an issuer keyring (version 1)`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const slot = (roundId: bigint, district: number) => `${roundId}/${district}`;
  async function save() {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.tmp`;
    await writeFile(temporary, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  }
  const get = (roundId: bigint, district: number): PrivateKey | undefined => {
    const stored = data.keys[slot(roundId, district)];
    return stored && { n: BigInt(stored.n), d: BigInt(stored.d), k: stored.k };
  };
  return {
    get,
    async ensure(roundId, district) {
      const existing = get(roundId, district);
      if (existing) return existing;
      const key = generateKey();
      data.keys[slot(roundId, district)] = { n: "0x" + key.n.toString(16), d: "0x" + key.d.toString(16), k: key.k };
      await save();
      return key;
    },
  };
}
