-- Axon Framework 4.13's JPA entities (event store, snapshots, tracking tokens, sagas, dead letters) and the
-- call-view, as Hibernate 6 maps them with META-INF/orm-postgresql.xml: serialized data in bytea columns, never
-- large objects (oid). Hibernate validates these tables at start-up; it never changes them.

-- The event store. global_index orders the event stream for every tracking processor. Each value is drawn from the
-- sequence at insert time (increment 1, matching allocation-size 1 in orm-postgresql.xml), so instances never hand
-- out indexes from private blocks; gaps only come from transactions in flight or rolled back, and Axon's
-- GapAwareTrackingToken waits for those.
create sequence domain_event_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    event_identifier     varchar(255) not null,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_pk primary key (global_index),
    -- An aggregate's events load by this key, and two instances appending the same sequence number for one
    -- aggregate collide on it (23505), which Axon turns into a ConcurrencyException.
    constraint domain_event_entry_aggregate_sequence_uk unique (aggregate_identifier, sequence_number),
    constraint domain_event_entry_event_identifier_uk unique (event_identifier)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    -- Aggregate first: snapshots are looked up by aggregate, newest sequence number first.
    constraint snapshot_event_entry_pk primary key (aggregate_identifier, sequence_number, type),
    constraint snapshot_event_entry_event_identifier_uk unique (event_identifier)
);

-- Tracking tokens: one row per processor segment; owner and timestamp are the claim that instances compete for.
create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255) not null,
    owner          varchar(255),
    constraint token_entry_pk primary key (processor_name, segment)
);

create table saga_entry (
    saga_id         varchar(255) not null,
    saga_type       varchar(255),
    revision        varchar(255),
    serialized_saga bytea,
    constraint saga_entry_pk primary key (saga_id)
);

-- Ids come from Hibernate's pooled optimizer (blocks of 50); they carry no order, so blocks per instance are fine.
create sequence association_value_entry_seq start with 1 increment by 50;

create table association_value_entry (
    id                bigint       not null,
    saga_id           varchar(255) not null,
    saga_type         varchar(255),
    association_key   varchar(255) not null,
    association_value varchar(255),
    constraint association_value_entry_pk primary key (id)
);

-- Finding the sagas an event belongs to, and a saga's own associations.
create index association_value_entry_type_key_value_ix
    on association_value_entry (saga_type, association_key, association_value);
create index association_value_entry_saga_ix on association_value_entry (saga_id, saga_type);

-- Axon's JPA dead-letter queue (used only if a processor enables one; the entity is always mapped).
create table dead_letter_entry (
    dead_letter_id       varchar(255)             not null,
    processing_group     varchar(255)             not null,
    sequence_identifier  varchar(255)             not null,
    sequence_index       bigint                   not null,
    message_type         varchar(255)             not null,
    event_identifier     varchar(255)             not null,
    time_stamp           varchar(255)             not null,
    payload_type         varchar(255)             not null,
    payload_revision     varchar(255),
    payload              bytea                    not null,
    meta_data            bytea,
    type                 varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    cause_type           varchar(255),
    cause_message        varchar(1023),
    diagnostics          bytea,
    constraint dead_letter_entry_pk primary key (dead_letter_id),
    constraint dead_letter_entry_sequence_uk unique (processing_group, sequence_identifier, sequence_index)
);

create index dead_letter_entry_sequence_ix on dead_letter_entry (processing_group, sequence_identifier);

-- The call-view read model (query side).
create table call_view (
    call_id        varchar(64)              not null,
    user_id        varchar(64)              not null,
    user_name      varchar(100)             not null,
    origin         varchar(200),
    destination    varchar(200),
    distance       numeric(7, 3)            not null,
    fare           bigint                   not null,
    status         varchar(20)              not null,
    cancel_reason  varchar(20),
    payment_status varchar(20),
    drive_id       varchar(64),
    driver_name    varchar(100),
    taxi_num       varchar(20),
    drive_status   varchar(20),
    created_at     timestamp(6) with time zone not null,
    updated_at     timestamp(6) with time zone not null,
    constraint call_view_pk primary key (call_id)
);

create index call_view_created on call_view (created_at, call_id);
create index call_view_user_created on call_view (user_id, created_at);
create index call_view_status_created on call_view (status, created_at);
