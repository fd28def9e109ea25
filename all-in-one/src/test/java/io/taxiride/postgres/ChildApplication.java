package io.taxiride.postgres;

import static org.awaitility.Awaitility.await;

import io.taxiride.RideClient;
import io.taxiride.TaxiRideApplication;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;

/** An all-in-one instance in its own JVM, in the postgres profile, on a given database. */
final class ChildApplication implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;

    private ChildApplication(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Launches the instance; {@link #awaitUp()} waits until it answers. */
    static ChildApplication launch(String name, String databaseUrl, Path logDirectory) throws IOException {
        int port = freePort();
        Files.createDirectories(logDirectory);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                TaxiRideApplication.class.getName(),
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--server.port=" + port,
                "--taxiride.payment.card-limit=50000",
                "--taxiride.drive.max-distance-km=30")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDirectory.resolve(name + ".log").toFile()))
                .start();
        return new ChildApplication(name, port, process);
    }

    ChildApplication awaitUp() {
        TestRestTemplate health = new TestRestTemplate();
        await(name + " up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> health.getForEntity("http://localhost:" + port + "/actuator/health", String.class)
                                   .getStatusCode().is2xxSuccessful());
        return this;
    }

    RideClient rides() {
        return new RideClient(new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port)));
    }

    /** How this instance names itself as the owner of a token claim: Axon's default node id, pid@host. */
    String owner() {
        return process.pid() + "@";
    }

    boolean owns(String tokenOwner) {
        return tokenOwner != null && tokenOwner.startsWith(owner());
    }

    /** SIGKILL: no shutdown hook, no released claim, whatever was not committed is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return name + " (" + owner() + ", port " + port + ")";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
