package taxiride.benchmark.probe;

/**
 * The event store's own write and read limit, measured on the application's own storage after the load: a JDBC
 * database ({@link JdbcStorageLimit}) or Axon Server ({@link AxonServerStorageLimit}). The answer is key=value pairs.
 */
interface StorageLimit {

    String measure(double seconds, int batchSize) throws Exception;
}
