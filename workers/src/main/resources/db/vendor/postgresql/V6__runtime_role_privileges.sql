-- PostgreSQL only. When migrations run as the schema owner (SPRING_FLYWAY_USER) and the service
-- connects as its runtime role (PATHWAY_DB_USER), the runtime role may read and write the pathway's
-- tables, now and those later migrations create, but on the audit log only INSERT and SELECT: it
-- cannot alter or remove what was recorded even if the append-only trigger were dropped. With one
-- role for both (the embedded default) there is nothing to grant.
do $$
begin
  if '${runtimeRole}' <> current_user and exists (select 1 from pg_roles where rolname = '${runtimeRole}') then
    execute format('grant usage on schema public to %I', '${runtimeRole}');
    execute format('grant select, insert, update, delete on all tables in schema public to %I', '${runtimeRole}');
    execute format('grant usage, select on all sequences in schema public to %I', '${runtimeRole}');
    execute format('alter default privileges in schema public grant select, insert, update, delete on tables to %I', '${runtimeRole}');
    execute format('alter default privileges in schema public grant usage, select on sequences to %I', '${runtimeRole}');
    execute format('revoke update, delete, truncate on audit_event from %I', '${runtimeRole}');
  end if;
end
$$;
