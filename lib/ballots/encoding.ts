/**
 * The on-chain ballot encodings of BudgetRound (see contracts/budget/IBudgetRound.sol), for the
 * front end, the scripts and the audit. Positions are 0-based indexes into a district's published
 * ballot (proposals in ascending id).
 */

/** Most positions a district ballot can hold (BudgetRound.MAX_BALLOT_POSITIONS). */
export const MAX_BALLOT_POSITIONS = 224;

export class BallotEncodingError extends Error {
  override name = "BallotEncodingError";
}

function checkPosition(position: number): void {
  if (!Number.isInteger(position) || position < 0 || position >= MAX_BALLOT_POSITIONS) {
    throw new BallotEncodingError(`ballot position ${position} is outside 0..${MAX_BALLOT_POSITIONS - 1}`);
  }
}

/** Approval ballot: a bitmap with bit i set for each approved position i. */
export function encodeApproval(positions: Iterable<number>): bigint {
  let selection = 0n;
  for (const position of positions) {
    checkPosition(position);
    selection |= 1n << BigInt(position);
  }
  return selection;
}

/** The approved positions of a bitmap, ascending. */
export function decodeApproval(selection: bigint): number[] {
  const positions: number[] = [];
  for (let position = 0; selection > 0n; position++, selection >>= 1n) {
    if (selection & 1n) positions.push(position);
  }
  return positions;
}

/** Cumulative ballot: one uint8 per position, position i in byte i % 32 of word i / 32 (LSB first). */
export function encodePoints(pointsByPosition: ReadonlyMap<number, number> | readonly number[]): bigint[] {
  const entries: [number, number][] = Array.isArray(pointsByPosition)
    ? (pointsByPosition as readonly number[]).map((points, position) => [position, points])
    : [...(pointsByPosition as ReadonlyMap<number, number>).entries()];
  const words: bigint[] = [];
  for (const [position, points] of entries) {
    checkPosition(position);
    if (!Number.isInteger(points) || points < 0 || points > 255) {
      throw new BallotEncodingError(`points ${points} for position ${position} must be an integer 0..255`);
    }
    if (points === 0) continue;
    const word = Math.floor(position / 32);
    while (words.length <= word) words.push(0n);
    words[word]! |= BigInt(points) << BigInt((position % 32) * 8);
  }
  return words;
}

/** Points per position (only positions with points) of packed words. */
export function decodePoints(words: readonly bigint[]): Map<number, number> {
  const points = new Map<number, number>();
  words.forEach((word, w) => {
    for (let byte = 0; word > 0n; byte++, word >>= 8n) {
      const value = Number(word & 0xffn);
      if (value > 0) points.set(w * 32 + byte, value);
    }
  });
  return points;
}
