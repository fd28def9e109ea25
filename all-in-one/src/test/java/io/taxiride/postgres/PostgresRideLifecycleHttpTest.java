package io.taxiride.postgres;

import io.taxiride.RideLifecycleHttpTest;

/** Every ride scenario of {@link RideLifecycleHttpTest}, on PostgreSQL. */
@PostgresMode
class PostgresRideLifecycleHttpTest extends RideLifecycleHttpTest {
}
