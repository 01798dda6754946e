/**
 * Encryption at rest for what the browser keeps (keys, tokens): AES-256-GCM under a key derived
 * from the resident's PIN or passphrase with PBKDF2-SHA-256 (WebCrypto only). A short PIN is only
 * as strong as its guesses cost, so the iteration count is high; the point is that a copied
 * localStorage or a shared computer's profile does not hand over the keys in plain text.
 */
const ITERATIONS = 310_000;

export interface Sealed {
  v: 1;
  salt: string;
  iv: string;
  data: string;
}

const encode = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const decode = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function keyFor(pin: string, salt: Uint8Array): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations: ITERATIONS },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

export async function seal(plain: string, pin: string): Promise<Sealed> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyFor(pin, salt);
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv as BufferSource }, key, new TextEncoder().encode(plain)),
  );
  return { v: 1, salt: encode(salt), iv: encode(iv), data: encode(data) };
}

/** The plain text, or null when the PIN is wrong (AES-GCM's tag does not verify). */
export async function unseal(sealed: Sealed, pin: string): Promise<string | null> {
  try {
    const key = await keyFor(pin, decode(sealed.salt));
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: decode(sealed.iv) as BufferSource },
      key,
      decode(sealed.data) as BufferSource,
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
