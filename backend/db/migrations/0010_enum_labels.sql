-- One spelling of every contract enum off chain: the generated label (generated/enums.ts,
-- lib/budget), kebab-case of the Solidity member: TieBreak.LowerCostFirst = 'lower-cost-first',
-- ImplementationStatus.InProgress = 'in-progress'. The API and front end use the same labels.
-- 0005 stored snake_case ('lower_cost_first', 'in_progress'); rows already indexed are relabelled.

update budget_round_created set tie_break = replace(tie_break, '_', '-');
update budget_implementation_reported set status = replace(status, '_', '-');

alter table budget_round_created
  add constraint budget_round_created_ballot_type check (ballot_type in ('approval', 'cumulative')),
  add constraint budget_round_created_tally_rule check (tally_rule in ('greedy')),
  add constraint budget_round_created_tie_break check (tie_break in ('lower-cost-first', 'lower-id-first'));

alter table budget_implementation_reported
  add constraint budget_implementation_reported_status check (status in ('none', 'planned', 'in-progress', 'done'));
