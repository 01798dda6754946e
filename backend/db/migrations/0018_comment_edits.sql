-- Authors edit and delete their own comments (backend/comments), as Decidim does. A comment keeps
-- the hash it was posted (and is moderated) under; its original text stays in proposal_comments,
-- each edit is a new version here, signed by the author (EIP-712 CommentEdit), so every earlier
-- text is kept for moderation and transparency. A deletion (EIP-712 CommentDelete) stops the text
-- being served; replies stay in place. Nothing here is ever updated or removed.
create table proposal_comment_edits (
  comment text not null references proposal_comments (hash),
  -- 1 for the first edit (version 0 is the original in proposal_comments).
  version integer not null check (version > 0),
  body text not null,
  issued_at bigint not null,
  signature text not null,
  edited_at timestamptz not null default now(),
  primary key (comment, version)
);

create table proposal_comment_deletions (
  comment text primary key references proposal_comments (hash),
  issued_at bigint not null,
  signature text not null,
  deleted_at timestamptz not null default now()
);
