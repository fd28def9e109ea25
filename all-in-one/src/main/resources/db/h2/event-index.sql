-- The event store's global index is drawn one value at a time (META-INF/orm-event-index.xml). An H2 database made by
-- an older version has the sequence Hibernate created for blocks of 50; Hibernate refuses to start on a sequence
-- whose increment differs from the mapping, so it is changed here, before Hibernate starts. No-op on a new database.
ALTER SEQUENCE IF EXISTS domain_event_entry_seq INCREMENT BY 1;
