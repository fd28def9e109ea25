-- db-scheduler's table, where Axon's DbSchedulerDeadlineManager keeps saga deadlines so they survive a restart.
-- Hibernate creates the JPA tables; this one is not an entity, so it is created here, idempotently. The task data is
-- BINARY VARYING, not BLOB: H2 keeps a BLOB in its separate LOB store, which every commit that inserts or deletes a
-- task then writes out as well (docs/benchmarks.md, "Settings and the measurements behind them"). A table made by an
-- older version keeps its BLOB.
CREATE TABLE IF NOT EXISTS scheduled_tasks (
    task_name            VARCHAR(100)             NOT NULL,
    task_instance        VARCHAR(100)             NOT NULL,
    task_data            VARBINARY,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            VARCHAR(50),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX IF NOT EXISTS scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX IF NOT EXISTS scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX IF NOT EXISTS scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time);
