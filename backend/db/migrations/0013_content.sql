-- The content store (backend/content): every text and photo whose hash the chain anchors, keyed
-- by that hash (lib/content). A document is kept as its normalised JSON, a photo as its re-encoded
-- bytes (EXIF and GPS removed) with a thumbnail. `author` signed the write (EIP-712).
create table content_items (
  hash text primary key,
  kind text not null,
  author text not null,
  document jsonb,
  media_type text,
  bytes bytea,
  width integer,
  height integer,
  thumbnail bytea,
  -- What the write counts against its author's quota: the JSON's or the file's length.
  size_bytes integer not null,
  created_at timestamptz not null default now(),
  check ((document is null) <> (bytes is null))
);
create index content_items_author_created on content_items (author, created_at);
create index content_items_created on content_items (created_at);

-- The photos a document refers to: kept as long as the document is.
create table content_refs (
  hash text not null references content_items (hash) on delete cascade,
  photo text not null,
  primary key (hash, photo)
);
create index content_refs_photo on content_refs (photo);

-- Every moderation, in order; an item is hidden while its latest entry is a 'hide'.
create table content_moderation (
  id bigint generated always as identity primary key,
  hash text not null,
  kind text not null,
  action text not null check (action in ('hide', 'restore')),
  reason text not null,
  moderator text not null,
  at timestamptz not null default now()
);
create index content_moderation_hash on content_moderation (hash, id);

-- Proposal texts stored before the general store move into it (written without a signature:
-- their author is unknown, recorded as the zero address).
insert into content_items (hash, kind, author, document, size_bytes, created_at)
select content_hash, 'proposal', '0x0000000000000000000000000000000000000000', content,
  octet_length(content::text), created_at
from proposal_contents
on conflict (hash) do nothing;
drop table proposal_contents;
