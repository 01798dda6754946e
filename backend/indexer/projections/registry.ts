/** ResidentRegistry: registrations, revocations, expiry changes, vote-code batches and redemptions. */
import { defineEvent, type Projection } from "./types.js";

export const residentRegistered = defineEvent({
  contract: "ResidentRegistry",
  event: "ResidentRegistered",
  table: "registry_resident_registered",
  row: (a) => ({
    account: a.address("account"),
    district: a.uint("district"),
    expires_at: a.uint("expiresAt"),
    registrar: a.address("registrar"),
  }),
});

export const residentRevoked = defineEvent({
  contract: "ResidentRegistry",
  event: "ResidentRevoked",
  table: "registry_resident_revoked",
  row: (a) => ({ account: a.address("account"), district: a.uint("district"), registrar: a.address("registrar") }),
});

export const residentExpiryChanged = defineEvent({
  contract: "ResidentRegistry",
  event: "ResidentExpiryChanged",
  table: "registry_resident_expiry_changed",
  row: (a) => ({ account: a.address("account"), expires_at: a.uint("expiresAt"), registrar: a.address("registrar") }),
});

export const codeBatchPublished = defineEvent({
  contract: "ResidentRegistry",
  event: "CodeBatchPublished",
  table: "registry_code_batch_published",
  row: (a) => ({
    batch_id: a.uint("batchId"),
    district: a.uint("district"),
    root: a.bytes32("root"),
    code_count: a.uint("codeCount"),
    redeemable_until: a.uint("redeemableUntil"),
    registration_expires_at: a.uint("registrationExpiresAt"),
  }),
});

export const codeBatchWithdrawn = defineEvent({
  contract: "ResidentRegistry",
  event: "CodeBatchWithdrawn",
  table: "registry_code_batch_withdrawn",
  row: (a) => ({ batch_id: a.uint("batchId") }),
});

export const voteCodeRedeemed = defineEvent({
  contract: "ResidentRegistry",
  event: "VoteCodeRedeemed",
  table: "registry_vote_code_redeemed",
  row: (a) => ({ batch_id: a.uint("batchId"), code_signer: a.address("codeSigner"), account: a.address("account") }),
});

const events = [
  residentRegistered,
  residentRevoked,
  residentExpiryChanged,
  codeBatchPublished,
  codeBatchWithdrawn,
  voteCodeRedeemed,
];

/** Nothing is derived from the registry yet: who is a resident now is one query over its events. */
export const registryProjection: Projection = {
  name: "registry",
  events,
  blockTables: events.map((e) => e.table),
  stateTables: [],
  apply: async () => {},
  prepareRollback: async () => async () => {},
};
