-- Residents' comments on proposals and replies (backend/comments), signed by their author
-- (EIP-712, lib/comments). Keyed by the comment's hash, under which it is moderated in public
-- (content_moderation). Not anchored on chain and never pruned.
create table proposal_comments (
  hash text primary key,
  proposal_id numeric(78,0) not null,
  parent text references proposal_comments (hash),
  author text not null,
  body text not null,
  issued_at bigint not null,
  created_at timestamptz not null default now()
);
create index proposal_comments_proposal on proposal_comments (proposal_id, created_at);
create index proposal_comments_author on proposal_comments (author, created_at);

-- One flag per resident and comment: moderators look at the most flagged first.
create table proposal_comment_flags (
  comment text not null references proposal_comments (hash),
  flagger text not null,
  created_at timestamptz not null default now(),
  primary key (comment, flagger)
);
