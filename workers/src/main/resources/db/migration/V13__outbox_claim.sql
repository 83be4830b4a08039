-- Several service instances publish from one outbox: an instance claims a message for a while
-- (claimed_until, the database's clock) before it publishes it, and no other takes it meanwhile.
-- A claim whose instance died runs out and the message is taken again. claimed_by names the
-- instance (pid@host) that claimed it last: for a published message, the one that published it.
alter table outbox_message add column claimed_by varchar(200);
alter table outbox_message add column claimed_until timestamp with time zone;
