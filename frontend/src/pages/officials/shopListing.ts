/**
 * A shop's public listing (content kind `merchant`, lib/content/kinds.ts) checked before it is
 * stored and its hash registered or renamed on chain: each problem names the field and the value.
 */
import type { Problem } from "./problems.js";

export interface ListingInput {
  name: string;
  street: string;
}

/** The input ids of the form the listing is typed in. */
export interface ListingFields {
  name: string;
  street: string;
}

export function listingProblems(input: ListingInput, fields: ListingFields): Problem[] {
  const name = input.name.trim();
  const street = input.street.trim();
  return [
    ...(name.length >= 2 && name.length <= 120
      ? []
      : [{ field: fields.name, label: { key: "shopName" }, value: input.name, problem: "length", limit: "2–120" }]),
    ...(street.length <= 200
      ? []
      : [
          {
            field: fields.street,
            label: { key: "shopStreet" },
            value: input.street,
            problem: "length",
            limit: "0–200",
          },
        ]),
  ];
}

/** The listing document as the content store keeps it. */
export function listingDocument(input: ListingInput): { name: string; address: string } {
  return { name: input.name.trim(), address: input.street.trim() };
}
