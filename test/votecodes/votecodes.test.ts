/**
 * lib/votecodes without a chain: code generation and normalization, key derivation, the code tree.
 * The EIP-712 signature is checked against the contract in test/flows/registry.test.ts.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256, toUtf8Bytes, Wallet } from "ethers";
import { describe, expect, test } from "vitest";

import {
  CODE_ALPHABET,
  VoteCodeError,
  buildCodeTree,
  codeWallet,
  formatCode,
  generateCode,
  letterVoteUrl,
  loadCodeTree,
  normalizeCode,
  proofFor,
} from "../../lib/votecodes/index.js";

describe("generateCode", () => {
  test("gives 16 characters of Crockford base32 without I, L, O and U, in groups of four", () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
    for (let index = 0; index < 200; index++) {
      expect(generateCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    }
  });

  test("uses 5 bits of each random byte, so every character is equally likely", () => {
    const bytes = Uint8Array.from([0, 31, 32, 255, 64, 95, 10, 42, 1, 33, 65, 97, 129, 161, 193, 225]);
    expect(generateCode(() => bytes)).toBe("0Z0Z-0ZAA-1111-1111");
  });

  test("gives distinct codes", () => {
    const codes = new Set(Array.from({ length: 1_000 }, () => generateCode()));
    expect(codes.size).toBe(1_000);
  });
});

describe("normalizeCode", () => {
  test("reads what a resident types: case, spaces and dashes do not matter, O is 0, I and L are 1", () => {
    expect(normalizeCode("abcd-efgh-jkmn-pqrs")).toBe("ABCDEFGHJKMNPQRS");
    expect(normalizeCode(" o1li 2345\t6789-abcd ")).toBe("011123456789ABCD");
    expect(normalizeCode("oooo-iiii-llll-zzzz")).toBe("000011111111ZZZZ");
  });

  test("throws a VoteCodeError naming the length for a code too short or too long", () => {
    expect(() => normalizeCode("ABCD-EFGH-JKMN-PQR")).toThrow(
      new VoteCodeError("a vote code has 16 characters, this one has 15"),
    );
    expect(() => normalizeCode("ABCD-EFGH-JKMN-PQRST")).toThrow("this one has 17");
    expect(() => normalizeCode("")).toThrow("this one has 0");
  });

  test("throws a VoteCodeError naming a character outside the alphabet", () => {
    expect(() => normalizeCode("ABCD-EFGH-JKMN-PQRU")).toThrow(new VoteCodeError('a vote code cannot contain "U"'));
    expect(() => normalizeCode("ABCD-EFGH-JKMN-PQR*")).toThrow('cannot contain "*"');
  });

  test("formatCode turns a normalized code back into its printed form", () => {
    expect(formatCode(normalizeCode("abcdefghjkmnpqrs"))).toBe("ABCD-EFGH-JKMN-PQRS");
  });
});

describe("codeWallet", () => {
  test("derives keccak256 of the prefixed normalized code, the same for every way of typing it", () => {
    const expected = new Wallet(keccak256(toUtf8Bytes("buurtkas:vote-code:v1:0123456789ABCDEF")));
    expect(codeWallet("0123-4567-89AB-CDEF").address).toBe(expected.address);
    expect(codeWallet("o123 4567 89ab cdef").privateKey).toBe(expected.privateKey);
    expect(codeWallet("0123-4567-89AB-CDEG").address).not.toBe(expected.address);
  });

  test("refuses a malformed code", () => {
    expect(() => codeWallet("0123-4567")).toThrow(VoteCodeError);
  });
});

describe("code tree", () => {
  const addresses = Array.from({ length: 5 }, () => codeWallet(generateCode()).address);

  test("is OpenZeppelin's StandardMerkleTree over address leaves, and every proof verifies", () => {
    const tree = buildCodeTree(addresses);
    expect(tree.root).toBe(
      StandardMerkleTree.of(
        addresses.map((address) => [address]),
        ["address"],
      ).root,
    );
    for (const address of addresses) {
      expect(StandardMerkleTree.verify(tree.root, ["address"], [address], proofFor(tree, address))).toBe(true);
      expect(proofFor(tree, address.toLowerCase())).toEqual(proofFor(tree, address));
    }
  });

  test("buildCodeTree refuses an empty batch and proofFor an address outside the tree", () => {
    expect(() => buildCodeTree([])).toThrow(new VoteCodeError("a code batch needs at least one code"));
    const outsider = codeWallet(generateCode()).address;
    expect(() => proofFor(buildCodeTree(addresses), outsider)).toThrow(`code address ${outsider} is not in this batch`);
  });

  test("loadCodeTree reads a dump back and refuses a tree whose leaves are not addresses", () => {
    const tree = buildCodeTree(addresses);
    const loaded = loadCodeTree(JSON.parse(JSON.stringify(tree.dump())));
    expect(loaded.root).toBe(tree.root);
    expect(proofFor(loaded, addresses[0]!)).toEqual(proofFor(tree, addresses[0]!));
    const other = StandardMerkleTree.of([["0x0000000000000000000000000000000000000001", 5n]], ["address", "uint256"]);
    expect(() => loadCodeTree(other.dump() as never)).toThrow(VoteCodeError);
  });
});

describe("letterVoteUrl", () => {
  test("opens the vote page with batch and code, and names the letter's round only when given", () => {
    expect(letterVoteUrl("https://buurtkas.example/app/", 3n, "ABCD-EFGH")).toBe(
      "https://buurtkas.example/app/#/stem?batch=3&code=ABCD-EFGH",
    );
    expect(letterVoteUrl("https://buurtkas.example/app", "3", "ABCD", 4n)).toBe(
      "https://buurtkas.example/app/#/stem?batch=3&code=ABCD&round=4",
    );
    expect(letterVoteUrl("http://x", 1, "ABCD", null)).toBe("http://x/#/stem?batch=1&code=ABCD");
    expect(new URLSearchParams(letterVoteUrl("http://x", 1, "A B", "12").split("?")[1]).get("round")).toBe("12");
  });
});
