-- Run once by the postgres image when the database is created. The service connects as this runtime
-- role (PATHWAY_DB_USER); its migrations run as the database owner (SPRING_FLYWAY_USER =
-- POSTGRES_USER) and grant the runtime role the pathway's tables, the audit log INSERT and SELECT only
-- (db/vendor/postgresql/V6). Change the password for anything but a local demo.
create role pathway_app login password 'pathway_app';
