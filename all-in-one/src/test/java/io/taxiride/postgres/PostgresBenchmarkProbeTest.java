package io.taxiride.postgres;

import io.taxiride.benchmark.BenchmarkProbeContract;

/** The benchmark's probe in the postgres profile (DB=postgres ./benchmark/run.sh), on a real PostgreSQL. */
@PostgresMode
class PostgresBenchmarkProbeTest extends BenchmarkProbeContract {

    @Override
    protected String payloadColumn() {
        // Not oid: META-INF/orm-binary.xml and the Flyway schema keep Axon's serialized data out of large objects.
        return "bytea(2147483647):not_null";
    }
}
