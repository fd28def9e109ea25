package io.taxiride.testsupport.axonserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Axon Server started from its jar as a child process: free ports, a folder of its own under {@code target/axonserver}
 * (events, control database and log stay there for a look after a failure), killed with the test JVM at the latest.
 */
final class AxonServerProcess implements StoppableAxonServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command;
    private final Path directory;
    private final int httpPort;
    private final int grpcPort;
    private final Thread killOnExit;
    private Process process;

    private AxonServerProcess(Path jar, Path directory, int httpPort, int grpcPort) {
        this.directory = directory;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.command = command(jar, directory, httpPort, grpcPort);
        this.killOnExit = new Thread(this::kill, "axonserver-kill-" + grpcPort);
    }

    static AxonServerProcess start(Path jar, String name) {
        try {
            Path directory = Files.createDirectories(Path.of("target", "axonserver"))
                                  .resolve(name + "-" + System.currentTimeMillis()).toAbsolutePath();
            for (String sub : List.of("data", "events", "plugins")) {
                Files.createDirectories(directory.resolve(sub));
            }
            AxonServerProcess server = new AxonServerProcess(jar.toAbsolutePath(), directory, freePort(), freePort());
            Runtime.getRuntime().addShutdownHook(server.killOnExit);
            server.resume();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a folder for Axon Server", e);
        }
    }

    @Override
    public String grpcAddress() {
        return "localhost:" + grpcPort;
    }

    @Override
    public URI httpUri() {
        return URI.create("http://localhost:" + httpPort);
    }

    @Override
    public synchronized void suspend() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    @Override
    public synchronized void resume() {
        if (process != null) {
            return;
        }
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                                                 .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                                                 .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Axon Server: " + command, e);
        }
        awaitHealthy();
    }

    @Override
    public void stop() {
        suspend();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs anyway
        }
    }

    @Override
    public String toString() {
        return "Axon Server (grpc " + grpcPort + ", http " + httpPort + ", " + directory + ")";
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest health = HttpRequest.newBuilder(httpUri().resolve("/actuator/health"))
                                        .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " exited while starting; its log:\n" + tailOfLog());
            }
            try {
                HttpResponse<String> answer = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + this, e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(this + " not healthy after " + START_TIMEOUT + "; its log:\n" + tailOfLog());
    }

    private void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private Path log() {
        return directory.resolve("axonserver.log");
    }

    private String tailOfLog() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The arguments of Axon Server's own start script: every file of the server inside the given folder. */
    private static List<String> command(Path jar, Path directory, int httpPort, int grpcPort) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + System.getenv().getOrDefault("AXONSERVER_XMX", "512m"));
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + httpPort);
        command.add("--server.address=127.0.0.1");
        command.add("--axoniq.axonserver.port=" + grpcPort);
        command.add("--axoniq.axonserver.hostname=localhost");
        command.add("--axoniq.axonserver.controldb-path=" + directory.resolve("data"));
        command.add("--axoniq.axonserver.controldb-backup-location=" + directory.resolve("data"));
        command.add("--axoniq.axonserver.event.storage=" + directory.resolve("events"));
        command.add("--axoniq.axonserver.snapshot.storage=" + directory.resolve("events"));
        command.add("--axoniq.axonserver.transformation.storage=" + directory.resolve("data/transformation"));
        command.add("--axoniq.axonserver.pid-file-location=" + directory.resolve("data"));
        command.add("--axoniq.axonserver.plugin-cache-directory=" + directory.resolve("plugins/cache"));
        command.add("--axoniq.axonserver.plugin-package-directory=" + directory.resolve("plugins/bundles"));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
