-- The call_view table as Hibernate created it on H2 before drivers were actors, with a ride in it.
create table call_view (
    call_id        varchar(64)              not null primary key,
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
    updated_at     timestamp(6) with time zone not null
);

insert into call_view (call_id, user_id, user_name, distance, fare, status, payment_status, created_at, updated_at)
values ('before-drivers', 'u-1', 'Kim Seoyeon', 12.5, 17300, 'PAID', 'PAID', current_timestamp, current_timestamp);
