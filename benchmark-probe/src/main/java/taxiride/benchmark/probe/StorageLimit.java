package taxiride.benchmark.probe;

/**
 * The event store's own write and read limit, measured on the application's own storage after the load: a JDBC
 * database ({@link JdbcStorageLimit}) or Axon Server ({@link AxonServerStorageLimit}); and what the events of one
 * payload type take there. The answers are key=value pairs.
 */
interface StorageLimit {

    String measure(double seconds, int batchSize) throws Exception;

    /** How many events of the type the store holds, and their average size in bytes, as this store keeps them. */
    String storedSize(String payloadType, double seconds) throws Exception;
}
