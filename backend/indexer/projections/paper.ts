/**
 * PaperBallotDesk: the paper support forms clerks recorded with a household's vote code. Their
 * count is already in BudgetRound's ProposalSupported rows (a paper support is one, under the
 * code's address); these rows say which supports came on paper, by which clerk, from which batch,
 * so the proposal pages and the audit can tell the channels apart and recount both.
 */
import { defineEvent, type Projection } from "./types.js";

export const paperSupportRecorded = defineEvent({
  contract: "PaperBallotDesk",
  event: "PaperSupportWithCodeRecorded",
  table: "paper_support_recorded",
  row: (a) => ({
    proposal_id: a.uint("proposalId"),
    district: a.uint("district"),
    batch_id: a.uint("batchId"),
    code_signer: a.address("codeSigner"),
    clerk: a.address("clerk"),
  }),
});

const events = [paperSupportRecorded];

export const paperProjection: Projection = {
  name: "paper",
  events,
  blockTables: events.map((e) => e.table),
  stateTables: [],
  async apply() {},
  async prepareRollback() {
    return async () => {};
  },
};
