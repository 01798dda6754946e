-- Rule field secrecy (IBudgetRound.Rules): public ballots from residents' accounts, or secret ones
-- from one-time addresses holding a blind-signed token (SecretBallots). Rounds created before the
-- field existed had public ballots.

alter table budget_round_created add column secrecy text not null default 'public';
alter table budget_round_created
  add constraint budget_round_created_secrecy check (secrecy in ('public', 'secret'));
