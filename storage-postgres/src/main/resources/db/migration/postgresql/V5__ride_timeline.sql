-- The ride-timeline read model (query side): every event of a ride with its actor, one row per event. Columns as
-- Hibernate maps RideStepEntity.
create table ride_step (
    event_id     varchar(255)             not null,
    call_id      varchar(64)              not null,
    -- The event's place in the event stream; null only for an event handled without a tracking token.
    global_index bigint,
    occurred_at  timestamp(6) with time zone not null,
    event_name   varchar(100)             not null,
    -- Null for events stored before every event named its actor.
    actor_id     varchar(255),
    actor_role   varchar(20),
    constraint ride_step_pk primary key (event_id)
);

-- A ride's steps in order.
create index ride_step_call on ride_step (call_id, global_index);
