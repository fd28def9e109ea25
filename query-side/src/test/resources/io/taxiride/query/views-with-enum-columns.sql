-- The call_view and driver_view tables as Hibernate made them on H2 with native ENUM columns, each ENUM one constant
-- short of today's enums (a constant added since: cancel reason NO_DRIVER, drive status OFFERED, driver status
-- OFFERED), with a row in each.
create table call_view (
    call_id        varchar(64)                 not null primary key,
    cancel_reason  enum('PASSENGER', 'PAYMENT_DECLINED'),
    created_at     timestamp(6) with time zone not null,
    destination    varchar(200),
    distance       numeric(7, 3)               not null,
    drive_id       varchar(64),
    drive_status   enum('ASSIGNED', 'ENDED', 'NOT_AVAILABLE', 'RELEASED', 'STARTED'),
    driver_id      varchar(64),
    driver_lat     float(53),
    driver_lon     float(53),
    driver_name    varchar(100),
    dropoff_lat    float(53),
    dropoff_lon    float(53),
    fare           bigint                      not null,
    offers_made    integer default 0           not null,
    origin         varchar(200),
    payment_status enum('DECLINED', 'PAID', 'REFUNDED'),
    pickup_lat     float(53),
    pickup_lon     float(53),
    status         enum('CANCELLED', 'COMPLETED', 'DRIVER_ASSIGNED', 'IN_PROGRESS', 'PAID', 'PLACED') not null,
    taxi_num       varchar(20),
    updated_at     timestamp(6) with time zone not null,
    user_id        varchar(64)                 not null,
    user_name      varchar(100)                not null
);
create index call_view_status_created on call_view (status, created_at);

create table driver_view (
    driver_id         varchar(64)  not null primary key,
    available_since   timestamp(6) with time zone,
    cell              bigint,
    drive_id          varchar(64),
    lat               float(53),
    lon               float(53),
    name              varchar(100) not null,
    offer_call_id     varchar(64),
    offer_distance    numeric(7, 3),
    offer_dropoff_lat float(53),
    offer_dropoff_lon float(53),
    offer_expires_at  timestamp(6) with time zone,
    offer_fare        bigint,
    offer_pickup_lat  float(53),
    offer_pickup_lon  float(53),
    position_at       timestamp(6) with time zone,
    status            enum('AVAILABLE', 'OFFLINE', 'ON_RIDE') not null,
    taxi_number       varchar(20)  not null,
    updated_at        timestamp(6) with time zone not null
);
create index driver_view_cell_status on driver_view (cell, status);

insert into call_view (call_id, distance, fare, status, payment_status, drive_status, offers_made, user_id, user_name,
                       created_at, updated_at)
values ('enum-era', 6, 10800, 'PAID', 'PAID', 'ASSIGNED', 1, 'u-1', 'Kim Seoyeon', current_timestamp,
        current_timestamp);
insert into driver_view (driver_id, name, taxi_number, status, updated_at)
values ('d-enum-era', 'Park Jihoon', '12-3456', 'AVAILABLE', current_timestamp);
