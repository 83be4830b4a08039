-- A wake-up that only says "read what is stored" (lab results, bedside observations) is folded
-- into the one a publisher claims for the same patient, at the claim, instead of being joined by
-- later results under a row lock: the lock made a steady stream of results for one patient
-- starve the publisher (the waiting message was always locked by the next request).
-- folds: whether this message may be folded (false: it carries its own content, e.g. a home
-- reading's key, and is always published). folded_into: the message that carries its wake-up; it
-- is marked published when that one is.
alter table outbox_message add column folds boolean default true not null;
alter table outbox_message add column folded_into bigint;
-- a publication marks the messages folded into it
create index outbox_folded on outbox_message (folded_into);
