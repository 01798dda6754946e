import { describe, expect, test } from "vitest";

import { Rational } from "../../lib/tally/index.js";
import { prng } from "../helpers/pabulib.js";

describe("Rational", () => {
  test("is always in lowest terms with a positive denominator", () => {
    const x = Rational.of(6n, -4n);
    expect([x.n, x.d]).toEqual([-3n, 2n]);
    expect(Rational.of(0n, 7n)).toEqual(Rational.ZERO);
    expect(Rational.of(1n, 3n).sub(Rational.of(1n, 3n))).toEqual(Rational.ZERO);
    expect(() => Rational.of(1n, 0n)).toThrow(RangeError);
  });

  test("arithmetic equals the schoolbook formulas, reduced (2000 random pairs)", () => {
    const random = prng(3);
    const int = () => BigInt(Math.floor(random() * 2001) - 1000);
    const nonZero = () => BigInt(1 + Math.floor(random() * 999)) * (random() < 0.5 ? -1n : 1n);
    for (let i = 0; i < 2000; i++) {
      const [a, b, c, d] = [int(), nonZero(), int(), nonZero()];
      const x = Rational.of(a, b);
      const y = Rational.of(c, d);
      expect(x.add(y)).toEqual(Rational.of(a * d + c * b, b * d));
      expect(x.sub(y)).toEqual(Rational.of(a * d - c * b, b * d));
      expect(x.mul(y)).toEqual(Rational.of(a * c, b * d));
      if (c !== 0n) expect(x.div(y)).toEqual(Rational.of(a * d, b * c));
      const k = nonZero();
      expect(x.mulInt(k)).toEqual(Rational.of(a * k, b));
      expect(x.divInt(k)).toEqual(Rational.of(a, b * k));
      expect(x.cmp(y)).toBe(Math.sign(Number(a) / Number(b) - Number(c) / Number(d)));
    }
  });

  test("floor, ceil and display", () => {
    expect([Rational.of(7n, 2n).floor(), Rational.of(7n, 2n).ceil()]).toEqual([3n, 4n]);
    expect([Rational.of(-7n, 2n).floor(), Rational.of(-7n, 2n).ceil()]).toEqual([-4n, -3n]);
    expect([Rational.of(4n).floor(), Rational.of(4n).ceil()]).toEqual([4n, 4n]);
    expect(Rational.of(25000n, 21n).toFixed(2)).toBe("1190.47");
    expect(Rational.of(25000n, 21n).toString()).toBe("25000/21");
    expect(JSON.stringify({ rho: Rational.of(3n) })).toBe('{"rho":"3"}');
  });
});
