package taxiride.benchmark.probe;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * The storage's own limit, on the application's own database and connection pool (on H2 the same URL, the same
 * WRITE_DELAY=0): plain JDBC inserts of rows shaped and sized like the event store's into a scratch table with the
 * columns of the database's own {@code domain_event_entry} and its unique keys, one row per transaction and then a
 * batch per transaction; then a sequential read of every stored event, ordered by global index as a replay reads
 * them. Each part is bounded by time and by a row count. The answer names the scratch table's columns.
 */
class JdbcStorageLimit implements StorageLimit {

    private static final String TABLE = "bench_raw_event";
    private static final int MAX_ROWS = 500_000;

    private final DataSource dataSource;

    JdbcStorageLimit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String measure(double seconds, int batchSize) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try {
                int payload = averageSize(connection, "payload", 150);
                int metaData = averageSize(connection, "meta_data", 105);
                // Axon's table as this database has it: the same column types (binary varying on a new H2 file, blob on
                // one an older version made, bytea on PostgreSQL), the same not-null columns and unique keys.
                execute(connection, "drop table if exists " + TABLE);
                execute(connection, "create table " + TABLE + " as select * from domain_event_entry with no data");
                for (Column column : columns(connection, "domain_event_entry")) {
                    if (column.notNull()) {
                        execute(connection, "alter table " + TABLE + " alter column " + column.name()
                                            + " set not null");
                    }
                }
                execute(connection, "alter table " + TABLE + " add primary key (global_index)");
                execute(connection, "alter table " + TABLE + " add unique (event_identifier)");
                execute(connection, "alter table " + TABLE + " add unique (aggregate_identifier, sequence_number)");
                String columns = String.join(",", columns(connection, TABLE).stream().map(Column::toString).toList());
                connection.setAutoCommit(false);
                Rows rows = new Rows(new byte[payload], new byte[metaData]);
                double single = insert(connection, rows, seconds, 1);
                double batched = insert(connection, rows, seconds, batchSize);
                double read = read(connection, "select * from domain_event_entry order by global_index", seconds);
                double readRaw = read(connection, "select * from " + TABLE + " order by global_index", seconds);
                connection.setAutoCommit(true);
                execute(connection, "drop table " + TABLE);
                return "payload_bytes=" + payload + " meta_data_bytes=" + metaData
                        + " insert_1_per_tx_rows_per_s=" + Math.round(single)
                        + " insert_" + batchSize + "_per_tx_rows_per_s=" + Math.round(batched)
                        + " read_events_rows_per_s=" + Math.round(read)
                        + " read_scratch_rows_per_s=" + Math.round(readRaw)
                        + " columns=" + columns;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * From {@code domain_event_entry}: the payload's and the metadata's average length, and that of the other text
     * columns (identifiers, types, timestamp; the two numbers are 8 bytes each on top); with the aggregate type of those
     * events, its snapshots too (one row per aggregate: a new snapshot replaces the last).
     */
    @Override
    public String storedSize(String payloadType, double seconds) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String aggregateType = null;
            StringBuilder answer = new StringBuilder("store=jdbc type=" + payloadType);
            try (PreparedStatement select = connection.prepareStatement(
                    "select count(*), cast(avg(octet_length(payload)) as double precision),"
                    + " cast(avg(octet_length(meta_data)) as double precision),"
                    + " cast(avg(octet_length(event_identifier) + octet_length(aggregate_identifier)"
                    + " + octet_length(payload_type) + octet_length(time_stamp) + coalesce(octet_length(type), 0)"
                    + " + coalesce(octet_length(payload_revision), 0)) as double precision), max(type)"
                    + " from domain_event_entry where payload_type = ?")) {
                select.setString(1, payloadType);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    answer.append(" events=").append(rows.getLong(1))
                          .append(" payload_bytes=").append(Math.round(rows.getDouble(2)))
                          .append(" meta_data_bytes=").append(Math.round(rows.getDouble(3)))
                          .append(" other_columns_bytes=").append(Math.round(rows.getDouble(4)) + 16);
                    aggregateType = rows.getString(5);
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select count(*), cast(avg(octet_length(payload) + octet_length(meta_data)) as double precision)"
                    + " from snapshot_event_entry where type = ?")) {
                select.setString(1, aggregateType);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    answer.append(" aggregate_type=").append(aggregateType)
                          .append(" snapshots=").append(rows.getLong(1))
                          .append(" snapshot_bytes=").append(Math.round(rows.getDouble(2)));
                }
            }
            return answer.toString();
        }
    }

    private static double insert(Connection connection, Rows rows, double seconds, int batchSize) throws SQLException {
        String sql = "insert into " + TABLE + " (global_index, event_identifier, meta_data, payload, payload_revision,"
                + " payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
                + " values (?, ?, ?, ?, null, ?, ?, ?, ?, ?)";
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        int inserted = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            while (System.nanoTime() < deadline && inserted < MAX_ROWS) {
                for (int i = 0; i < batchSize; i++) {
                    rows.bind(insert);
                    if (batchSize == 1) {
                        insert.executeUpdate();
                    } else {
                        insert.addBatch();
                    }
                }
                if (batchSize > 1) {
                    insert.executeBatch();
                }
                connection.commit();
                inserted += batchSize;
            }
        }
        return inserted / ((System.nanoTime() - start) / 1e9);
    }

    private static double read(Connection connection, String sql, double seconds) throws SQLException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long read = 0;
        long bytes = 0;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setFetchSize(100);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next() && System.nanoTime() < deadline) {
                    bytes += rows.getBytes("payload").length + rows.getBytes("meta_data").length
                            + rows.getString("event_identifier").length() + rows.getString("time_stamp").length();
                    read++;
                }
            }
        }
        connection.commit();
        return bytes < 0 ? 0 : read / ((System.nanoTime() - start) / 1e9);
    }

    private static int averageSize(Connection connection, String column, int fallback) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select cast(avg(octet_length(" + column + ")) as integer) from domain_event_entry")) {
            rows.next();
            int average = rows.getInt(1);
            return average > 0 ? average : fallback;
        }
    }

    /** The table's columns in order, from the database's own metadata. */
    private static List<Column> columns(Connection connection, String table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String name = metaData.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        List<Column> columns = new ArrayList<>();
        try (ResultSet rows = metaData.getColumns(connection.getCatalog(), null, name, null)) {
            while (rows.next()) {
                columns.add(new Column(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                                       rows.getString("TYPE_NAME"), rows.getInt("COLUMN_SIZE"),
                                       rows.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls));
            }
        }
        return columns;
    }

    /** As the answer names it: {@code name:TYPE_NAME(size)}, {@code :not_null} where it applies, spaces as '_'. */
    private record Column(String name, String type, int size, boolean notNull) {
        @Override
        public String toString() {
            return name + ":" + type.replace(' ', '_') + "(" + size + ")" + (notNull ? ":not_null" : "");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Seven rows per aggregate, like a ride's events; the same sizes as the stored events, in distinct ids. */
    private static final class Rows {
        final byte[] payload;
        final byte[] metaData;
        long globalIndex;
        String aggregate = UUID.randomUUID().toString();
        long sequence;

        Rows(byte[] payload, byte[] metaData) {
            this.payload = payload;
            this.metaData = metaData;
            Arrays.fill(payload, (byte) 'x');
            Arrays.fill(metaData, (byte) 'm');
        }

        void bind(PreparedStatement insert) throws SQLException {
            if (sequence == 7) {
                aggregate = UUID.randomUUID().toString();
                sequence = 0;
            }
            insert.setLong(1, ++globalIndex);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setBytes(3, metaData);
            insert.setBytes(4, payload);
            insert.setString(5, "io.taxiride.api.call.CallPlacedEvent");
            insert.setString(6, Instant.now().toString());
            insert.setString(7, aggregate);
            insert.setLong(8, sequence++);
            insert.setString(9, "Call");
        }
    }
}
