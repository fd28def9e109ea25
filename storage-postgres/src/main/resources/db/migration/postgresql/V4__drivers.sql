-- Drivers as actors: the driver-view read model (query side), and what the call-view shows of a ride's positions,
-- its driver and its offers. Columns as Hibernate maps DriverViewEntity and CallViewEntity.

-- One row per driver. A driver's position changes far more often than anything else here: the free space each page
-- keeps lets a move within the same grid cell be a HOT update, which writes no index entries.
create table driver_view (
    driver_id         varchar(64)              not null,
    name              varchar(100)             not null,
    taxi_number       varchar(20)              not null,
    status            varchar(20)              not null,
    lat               double precision,
    lon               double precision,
    -- The grid cell of (lat, lon), 0.01 degrees square (query-side Grid): the spatial index.
    cell              bigint,
    offer_call_id     varchar(64),
    offer_pickup_lat  double precision,
    offer_pickup_lon  double precision,
    offer_dropoff_lat double precision,
    offer_dropoff_lon double precision,
    offer_distance    numeric(7, 3),
    offer_fare        bigint,
    offer_expires_at  timestamp(6) with time zone,
    drive_id          varchar(64),
    available_since   timestamp(6) with time zone,
    updated_at        timestamp(6) with time zone not null,
    constraint driver_view_pk primary key (driver_id)
) with (fillfactor = 80);

-- The nearest available drivers: the rows of the cells around a pickup. Cell first, so a listing of drivers of any
-- status near a point uses it too.
create index driver_view_cell_status on driver_view (cell, status);
-- The longest idle available drivers, for a ride without a pickup.
create index driver_view_status_available on driver_view (status, available_since, driver_id);

-- A constant default: PostgreSQL adds the columns without rewriting the table.
alter table call_view
    add column pickup_lat  double precision,
    add column pickup_lon  double precision,
    add column dropoff_lat double precision,
    add column dropoff_lon double precision,
    add column driver_id   varchar(64),
    add column driver_lat  double precision,
    add column driver_lon  double precision,
    add column offers_made integer not null default 0;
