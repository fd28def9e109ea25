package io.taxiride.benchmark;

/** The benchmark's probe on the embedded default's H2 file database. */
class BenchmarkProbeTest extends BenchmarkProbeContract {

    @Override
    protected String payloadColumn() {
        // Not BLOB: META-INF/orm-binary.xml keeps Axon's serialized data out of H2's LOB store.
        return "BINARY_VARYING(1048576):not_null";
    }
}
