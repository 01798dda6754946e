import { Rational } from "./rational.js";

/**
 * a + b·s: a quantity of one Method of Equal Shares run as a function of the share s every voter
 * starts with. Every budget, payment and sum in such a run has this form (a payment is what is
 * left of a cost after the poorer supporters gave everything, divided among the others), so a run
 * evaluated at one share also tells up to which share it would make the same choices. Add1 uses
 * that to skip shares at which nothing can change instead of trying them one unit at a time.
 */
export class Linear {
  static readonly ZERO = new Linear(Rational.ZERO, Rational.ZERO);
  /** The share itself: every voter's budget before anything is paid. */
  static readonly SHARE = new Linear(Rational.ZERO, Rational.of(1n));

  private constructor(
    readonly a: Rational,
    readonly b: Rational,
  ) {}

  static constant(value: bigint): Linear {
    return new Linear(Rational.of(value), Rational.ZERO);
  }

  add(other: Linear): Linear {
    if (other === Linear.ZERO) return this;
    return new Linear(this.a.add(other.a), this.b.add(other.b));
  }

  sub(other: Linear): Linear {
    return new Linear(this.a.sub(other.a), this.b.sub(other.b));
  }

  times(factor: bigint): Linear {
    if (factor === 1n) return this;
    return new Linear(this.a.mulInt(factor), this.b.mulInt(factor));
  }

  over(divisor: bigint): Linear {
    return new Linear(this.a.divInt(divisor), this.b.divInt(divisor));
  }

  /** The value at a share (remembered for the last share asked: one run asks for one share). */
  at(share: Rational): Rational {
    if (this.valueShare !== share) {
      this.value = this.a.add(this.b.mul(share));
      this.valueShare = share;
    }
    return this.value!;
  }

  private valueShare: Rational | undefined;
  private value: Rational | undefined;
}

/**
 * Compares linear quantities at one share s0 and remembers how far above s0 every answer given so
 * far stays the same. A run whose choices are all justified by these answers (each choice checked
 * against its alternatives with `compare`) makes the same choices for every share in
 * [s0, stableUntil). `peek` answers without remembering, for finding a choice before checking it.
 */
export class Comparisons {
  /** Undefined while every answer holds for all shares from s0 upwards. */
  stableUntil: Rational | undefined;

  /** @param track false: `compare` answers like `peek` (a run that needs no stability range). */
  constructor(
    readonly share: Rational,
    private readonly track = true,
  ) {}

  /** The sign of x - y at the share, without remembering it: for searching, not for deciding. */
  peek(x: Linear, y: Linear): number {
    return x.at(this.share).cmp(y.at(this.share));
  }

  /** The sign of x - y at the share, remembered: the run's outcome depends on this answer. */
  compare(x: Linear, y: Linear): number {
    const sign = this.peek(x, y);
    if (!this.track || x.b.cmp(y.b) === 0) return sign; // parallel: the answer never changes
    if (sign === 0) {
      // Equal here, unequal an instant later: no larger share is known to give this answer.
      this.limit(this.share);
    } else {
      // x and y meet where x.a + x.b·s = y.a + y.b·s.
      const meet = y.a.sub(x.a).div(x.b.sub(y.b));
      if (this.share.lt(meet)) this.limit(meet);
    }
    return sign;
  }

  private limit(share: Rational): void {
    if (this.stableUntil === undefined || share.lt(this.stableUntil)) this.stableUntil = share;
  }
}
