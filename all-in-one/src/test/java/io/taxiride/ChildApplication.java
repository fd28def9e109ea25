package io.taxiride;

import static org.awaitility.Awaitility.await;

import io.taxiride.testsupport.security.TestIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;

/**
 * An application of this build in a JVM of its own, started with the test JVM's class path on a free port. Its output
 * goes to {@code <name>.log} in the given folder, which outlives the test so that a failure can be read there.
 * SIGKILL ({@link #kill()}) and {@link #restart()} on the same port and arguments stand for a crash and its recovery.
 */
public final class ChildApplication implements AutoCloseable {

    /** C1 only: a JVM starts on less CPU time, which counts with several of them on a small machine. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    /** Killed with the test JVM at the latest, should a test end without closing them. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                                                        "child-applications-kill"));
    }

    private final String name;
    private final int port;
    private final Path log;
    private final List<String> command;
    private Process process;

    private ChildApplication(String name, int port, Path log, List<String> command) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.command = command;
    }

    /**
     * Launches {@code mainClass} with the given heap and arguments, plus {@code --server.port} and what it takes to
     * trust the tests' tokens ({@link TestIssuer#properties()}); {@link #awaitUp()} waits until it answers.
     */
    public static ChildApplication launch(String name, Class<?> mainClass, String maxHeap, List<String> arguments,
                                          Path logDirectory) throws IOException {
        int port = freePort();
        Files.createDirectories(logDirectory);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + maxHeap);
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        TestIssuer.properties().forEach((property, value) -> command.add("--" + property + "=" + value));
        command.addAll(arguments);
        command.add("--server.port=" + port);
        ChildApplication application = new ChildApplication(name, port, logDirectory.resolve(name + ".log"), command);
        application.start();
        return application;
    }

    public ChildApplication awaitUp() {
        TestRestTemplate health = new TestRestTemplate();
        Process starting = process;
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        await(name + " up").atMost(START_TIMEOUT.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!starting.isAlive() || Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(this + (starting.isAlive() ? " not up after " + START_TIMEOUT
                                : " exited with " + starting.exitValue()) + "; the end of its log:\n" + logTail(80));
                    }
                    try {
                        return health.getForEntity(url("/actuator/health"), String.class)
                                     .getStatusCode().is2xxSuccessful();
                    } catch (RuntimeException notListeningYet) {
                        return false;
                    }
                });
        return this;
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public TestRestTemplate http() {
        return new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port));
    }

    public RideClient rides() {
        return new RideClient(http());
    }

    /** How this instance names itself as the owner of a token claim: Axon's default node id, pid@host. */
    public String owner() {
        return process.pid() + "@";
    }

    public boolean owns(String tokenOwner) {
        return tokenOwner != null && tokenOwner.startsWith(owner());
    }

    /** SIGKILL: no shutdown hook, no released claim, whatever was not committed is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        RUNNING.remove(process);
    }

    /** Starts the application again, on the same port with the same arguments, after {@link #kill()}. */
    public ChildApplication restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(this + " still runs");
        }
        start();
        return this;
    }

    /** The last lines of this application's log, over every start. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    /** Every line of this application's log so far, over every start. */
    public List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        RUNNING.remove(process);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
    }

    private void start() throws IOException {
        Files.writeString(log, "=== " + Instant.now() + " starting " + name + "\n",
                          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        RUNNING.add(process);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
