/**
 * The contracts' enums off chain. Labels are generated from the compiler's AST
 * (generated/enums.ts); this module turns the numbers the chain speaks into those labels and back,
 * failing loudly on a number no member has (a newer contract than this build).
 */
export * from "../../generated/enums.js";

export class UnknownEnumValueError extends Error {
  override name = "UnknownEnumValueError";
}

/** The label of member `value` (a uint8 from the chain) of the enum with these `labels`. */
export function labelOf<L extends string>(labels: readonly L[], value: bigint | number, what = "enum value"): L {
  const label = labels[Number(value)];
  if (label === undefined || !Number.isInteger(Number(value))) {
    throw new UnknownEnumValueError(`${what} ${value} is not one of ${labels.map((l, i) => `${i} (${l})`).join(", ")}`);
  }
  return label;
}

/** The number the chain uses for `label`. */
export function valueOf<L extends string>(labels: readonly L[], label: L, what = "enum label"): number {
  const index = labels.indexOf(label);
  if (index < 0) throw new UnknownEnumValueError(`${what} "${label}" is not one of ${labels.join(", ")}`);
  return index;
}
