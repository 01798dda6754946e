/** Exact non-negative-or-signed rationals over bigint; always normalized (gcd 1, positive denominator). */
export class Rational {
  readonly n: bigint;
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    this.n = n;
    this.d = d;
  }

  static of(n: bigint, d: bigint = 1n): Rational {
    if (d === 0n) throw new RangeError("rational with denominator 0");
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    return new Rational(n / g, d / g);
  }

  static readonly ZERO = Rational.of(0n);

  add(other: Rational): Rational {
    return Rational.of(this.n * other.d + other.n * this.d, this.d * other.d);
  }

  sub(other: Rational): Rational {
    return Rational.of(this.n * other.d - other.n * this.d, this.d * other.d);
  }

  mul(other: Rational): Rational {
    return Rational.of(this.n * other.n, this.d * other.d);
  }

  div(other: Rational): Rational {
    return Rational.of(this.n * other.d, this.d * other.n);
  }

  /** -1, 0 or 1. */
  cmp(other: Rational): number {
    const left = this.n * other.d;
    const right = other.n * this.d;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  lt(other: Rational): boolean {
    return this.cmp(other) < 0;
  }

  lte(other: Rational): boolean {
    return this.cmp(other) <= 0;
  }

  isZero(): boolean {
    return this.n === 0n;
  }

  /** Exact decimal text with `digits` decimals, rounded down (for display only). */
  toFixed(digits = 2): string {
    const scale = 10n ** BigInt(digits);
    const scaled = (this.n * scale) / this.d;
    const sign = scaled < 0n ? "-" : "";
    const abs = scaled < 0n ? -scaled : scaled;
    const whole = abs / scale;
    const fraction = (abs % scale).toString().padStart(digits, "0");
    return digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
  }

  toString(): string {
    return this.d === 1n ? `${this.n}` : `${this.n}/${this.d}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
