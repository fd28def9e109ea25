package io.taxiride.postgres;

import io.taxiride.ConcurrentRidesHttpTest;

/** {@link ConcurrentRidesHttpTest}'s hundreds of parallel rides and cancels, on PostgreSQL with split processors. */
@PostgresMode
class PostgresConcurrentRidesHttpTest extends ConcurrentRidesHttpTest {
}
