/**
 * Exact rationals over bigint, always normalized (gcd 1, positive denominator), so two equal values
 * have equal fields. Money shares and payments in the Method of Equal Shares are rationals: a budget
 * of 100000 split over 84 voters is 25000/21 each, which no float holds exactly.
 */
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
    return this.plus(other.n, other.d);
  }

  sub(other: Rational): Rational {
    return this.plus(-other.n, other.d);
  }

  mul(other: Rational): Rational {
    // Cross-cancelling first keeps the gcds small (both inputs are already in lowest terms).
    const g1 = gcd(abs(this.n), other.d);
    const g2 = gcd(abs(other.n), this.d);
    return new Rational((this.n / g1) * (other.n / g2), (this.d / g2) * (other.d / g1));
  }

  div(other: Rational): Rational {
    if (other.n === 0n) throw new RangeError("division by zero");
    return this.mul(other.n < 0n ? new Rational(-other.d, -other.n) : new Rational(other.d, other.n));
  }

  /** this · k for an integer k. */
  mulInt(k: bigint): Rational {
    if (k === 1n) return this;
    const g = gcd(abs(k), this.d);
    return new Rational(this.n * (k / g), this.d / g);
  }

  /** this / k for a non-zero integer k. */
  divInt(k: bigint): Rational {
    if (k === 0n) throw new RangeError("division by zero");
    const g = gcd(abs(this.n), abs(k));
    return k < 0n ? new Rational(-this.n / g, (this.d * -k) / g) : new Rational(this.n / g, (this.d * k) / g);
  }

  /** this + n/d for n/d in lowest terms (Knuth's addition: gcds of the small parts only). */
  private plus(n: bigint, d: bigint): Rational {
    if (n === 0n) return this;
    if (this.n === 0n) return new Rational(n, d);
    if (this.d === d) return Rational.of(this.n + n, d);
    const g = gcd(this.d, d);
    if (g === 1n) return new Rational(this.n * d + n * this.d, this.d * d);
    const t = this.n * (d / g) + n * (this.d / g);
    if (t === 0n) return Rational.ZERO;
    const g2 = gcd(abs(t), g);
    return new Rational(t / g2, (this.d / g) * (d / g2));
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

  neg(): Rational {
    return new Rational(-this.n, this.d);
  }

  /** -1, 0 or 1. */
  sign(): number {
    return this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
  }

  /** The smallest integer not below this value. */
  ceil(): bigint {
    const q = this.n / this.d; // bigint division truncates toward zero
    return this.n > 0n && q * this.d !== this.n ? q + 1n : q;
  }

  /** The largest integer not above this value. */
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
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

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
