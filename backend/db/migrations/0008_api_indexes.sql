-- Lookups the API makes per request: a ledger row's kind (was this transfer a task reward?) and an
-- account's ballots across rounds (the existing indexes lead with round_id).
create index task_claim_approved_tx on task_claim_approved (tx_hash, resident);
create index budget_approval_ballot_cast_voter_only on budget_approval_ballot_cast (voter);
create index budget_cumulative_ballot_cast_voter_only on budget_cumulative_ballot_cast (voter);
