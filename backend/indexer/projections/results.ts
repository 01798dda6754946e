/**
 * ResultCommitments: committed Method of Equal Shares outcomes (and the admin's recounts), the
 * objections against them and their resolutions, one table per event. What is current (the
 * latest commitment of a district, which objections a resolution covered) is read in the API's
 * queries, so a reorg needs nothing but the block tables' rollback.
 */
import { defineEvent, type Projection } from "./types.js";

export const resultCommitted = defineEvent({
  contract: "ResultCommitments",
  event: "ResultCommitted",
  table: "result_committed",
  row: (a) => {
    const count = a.struct("count");
    return {
      round_id: a.uint("roundId"),
      district: a.uint("district"),
      committed_by: a.address("by"),
      proposal_ids: a.uintArray("proposalIds"),
      selected_cost: a.uint("selectedCost"),
      from_block: count.uint("fromBlock"),
      to_block: count.uint("toBlock"),
      to_block_hash: count.bytes32("toBlockHash"),
      library_version: count.string("libraryVersion"),
      window_end: a.uint("windowEnd"),
      recount: a.bool("recount"),
    };
  },
});

export const objectionLodged = defineEvent({
  contract: "ResultCommitments",
  event: "ObjectionLodged",
  table: "result_objection_lodged",
  row: (a) => ({
    objection_id: a.uint("objectionId"),
    round_id: a.uint("roundId"),
    district: a.uint("district"),
    objector: a.address("objector"),
    proposal_ids: a.uintArray("proposalIds"),
    reason_hash: a.bytes32("reasonHash"),
  }),
});

export const objectionsResolved = defineEvent({
  contract: "ResultCommitments",
  event: "ObjectionsResolved",
  table: "result_objections_resolved",
  row: (a) => ({
    round_id: a.uint("roundId"),
    district: a.uint("district"),
    resolved_by: a.address("by"),
    upheld: a.bool("upheld"),
    last_objection_id: a.uint("lastObjectionId"),
    reason_hash: a.bytes32("reasonHash"),
  }),
});

const events = [resultCommitted, objectionLodged, objectionsResolved];

export const resultsProjection: Projection = {
  name: "results",
  events,
  blockTables: events.map((e) => e.table),
  stateTables: [],
  async apply() {},
  async prepareRollback() {
    return async () => {};
  },
};
