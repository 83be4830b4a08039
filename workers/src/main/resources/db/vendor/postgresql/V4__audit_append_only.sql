-- PostgreSQL only: the audit log refuses UPDATE, DELETE and TRUNCATE for every role, the table's
-- owner included. Whoever disables this trigger to tamper is still caught by the hash chain
-- (./pathway audit verify).
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % refused', tg_op;
end
$$;

create trigger audit_event_no_update_delete before update or delete on audit_event
    for each row execute function audit_event_append_only();

create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();

revoke update, delete, truncate on audit_event from public;
