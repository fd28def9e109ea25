-- Instances of the platform sharing this database announce themselves here, so that each can tell how many share
-- the processors' segments (SegmentBalancer). A row whose last_seen is stale belongs to a stopped instance.
create table cluster_node (
    node_id   varchar(255)             not null,
    last_seen timestamp(6) with time zone not null,
    constraint cluster_node_pk primary key (node_id)
);
