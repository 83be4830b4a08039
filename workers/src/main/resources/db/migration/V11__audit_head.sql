-- The audit chain's head (the last entry's sequence number and hash) kept by the database: one row,
-- locked (SELECT ... FOR UPDATE) by every append in the transaction that inserts the next entry and
-- moves the head. Appends from any number of service instances are serialised here, and no append
-- has to look for the last entry. Initialised from the entries already stored (none: the genesis
-- hash). The chain itself stays in audit_event: ./pathway audit verify does not read this table.
create table audit_head (
    id    integer     primary key check (id = 1),
    seq   bigint      not null,
    hash  varchar(64) not null
);

insert into audit_head (id, seq, hash)
values (1,
        coalesce((select max(seq) from audit_event), 0),
        coalesce((select hash from audit_event where seq = (select max(seq) from audit_event)),
                 '0000000000000000000000000000000000000000000000000000000000000000'));
