-- Rule field maxProposalsPerProposer (IBudgetRound.Rules): proposals one resident may submit in a
-- round, 0 = no limit. Rounds created before the field existed had no limit.

alter table budget_round_created add column max_proposals_per_proposer integer not null default 0;
