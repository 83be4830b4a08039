-- PostgreSQL only. The runtime role reads and moves the audit chain's head (SELECT ... FOR UPDATE,
-- UPDATE: the default privileges of V6 grant them) but may not add or remove its one row. With one
-- role for both (the embedded default) there is nothing to revoke.
do $$
begin
  if '${runtimeRole}' <> current_user and exists (select 1 from pg_roles where rolname = '${runtimeRole}') then
    execute format('grant select, update on audit_head to %I', '${runtimeRole}');
    execute format('revoke insert, delete, truncate on audit_head from %I', '${runtimeRole}');
  end if;
end
$$;
