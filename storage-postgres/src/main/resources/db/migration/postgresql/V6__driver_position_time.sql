-- When the driver-view's position was reported or its event stamped (DriverViewEntity.positionAt): the query side
-- keeps the newer of a report and an event's position, whichever reaches the row first. Null for rows written
-- before, which any position then replaces.
alter table driver_view
    add column position_at timestamp(6) with time zone;
