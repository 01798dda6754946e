/** Coin amounts typed by a person ("12,50" or "12.50") as on-chain cents (2 decimals); null if invalid. */
export function parseCoins(input: string): bigint | null {
  const match = /^\s*(\d+)(?:[.,](\d{1,2}))?\s*$/.exec(input);
  if (!match) return null;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "0").padEnd(2, "0"));
}
