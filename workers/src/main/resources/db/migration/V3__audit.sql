-- Tamper-evident audit log: append-only, one gapless sequence, each entry carrying the hash of the
-- one before it, so that an altered, removed or inserted entry breaks the chain where it happened
-- (./pathway audit verify). On PostgreSQL the service's role should hold INSERT and SELECT on this
-- table only (README, "Audit").
create table audit_event (
    seq         bigint        primary key,
    at          timestamp with time zone not null,
    actor       varchar(200)  not null,
    role        varchar(50),
    action      varchar(100)  not null,
    resource    varchar(300)  not null,
    patient_id  varchar(64),
    outcome     varchar(20)   not null,
    request_id  varchar(100),
    detail      text,
    prev_hash   varchar(64)   not null,
    hash        varchar(64)   not null
);
create index audit_event_patient on audit_event (patient_id, at);
