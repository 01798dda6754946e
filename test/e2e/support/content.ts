/** The e2e tests' writes to a stack's content store (backend/content), signed as the browser signs them. */
import type { Signer } from "ethers";
import { expect } from "vitest";

import type { DocumentKind } from "../../../lib/content/index.js";
import { signedDocument } from "../../helpers/content.js";
import type { Stack } from "./stack.js";

/** Stores `document` of `kind`, signed by `author`, through the stack's API (201 or the test fails); its hash. */
export async function storeDocument(
  stack: Pick<Stack, "url" | "chain">,
  author: Signer,
  kind: DocumentKind,
  document: unknown,
): Promise<string> {
  const { body } = await signedDocument(author, stack.chain.deployment, kind, document);
  const response = await fetch(`${stack.url}/api/content`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { hash: string }).hash;
}

/** A proposal (or task) text titled `title`, with a summary and a body made from it. */
export function titledText(title: string) {
  return { title, summary: `${title}: samenvatting`, body: `${title}: beschrijving` };
}
