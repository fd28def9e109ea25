package io.taxiride.postgres;

import io.taxiride.admin.DeadLettersTest;

/** The dead-letter queue of {@link DeadLettersTest} on PostgreSQL, in the table of the Flyway schema. */
@PostgresMode
class PostgresDeadLettersTest extends DeadLettersTest {
}
