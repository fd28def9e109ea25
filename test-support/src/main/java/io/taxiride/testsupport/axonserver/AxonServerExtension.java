package io.taxiride.testsupport.axonserver;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * Gives a test class a running Axon Server of its own, in this order of preference:
 * <ol>
 * <li>the jar named by the environment variable {@value #JAR_VARIABLE}, started as a process on free ports with a
 * folder of its own ({@link AxonServerProcess});</li>
 * <li>else, where a Docker engine answers, Testcontainers' Axon Server container from {@code axon-test}
 * ({@link AxonServerInContainer});</li>
 * <li>else the class is skipped, with a message saying how to run it.</li>
 * </ol>
 * When {@value #JAR_VARIABLE} is set the class is never skipped: a missing jar or a server that does not come up
 * fails it. The server is stopped when the class is done, after its Spring context (if any) has closed.
 * <p>
 * Test code reaches the server as a parameter of type {@link AxonServer}, or through {@link #current()} where no
 * parameter can be had (a Spring {@code @DynamicPropertySource}).
 */
public class AxonServerExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    public static final String JAR_VARIABLE = "AXONSERVER_JAR";
    public static final String SKIP_MESSAGE = "No Axon Server for this test: set " + JAR_VARIABLE
            + " to an Axon Server SE jar, or run a Docker engine for Testcontainers' Axon Server container";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AxonServer.class);
    private static volatile AxonServer current;

    /** The server of the test class that runs now. */
    public static AxonServer current() {
        AxonServer server = current;
        if (server == null) {
            throw new IllegalStateException("No Axon Server started: is the test class annotated @OnAxonServer?");
        }
        return server;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (jar() != null || dockerAvailable()) {
            return ConditionEvaluationResult.enabled("an Axon Server can be started");
        }
        return ConditionEvaluationResult.disabled(SKIP_MESSAGE);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Started started = context.getStore(NAMESPACE)
                                 .getOrComputeIfAbsent(testClass, key -> start(testClass), Started.class);
        current = started.server();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AxonServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return current();
    }

    private static Started start(Class<?> testClass) {
        String jar = jar();
        if (jar != null) {
            Path path = Path.of(jar);
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(JAR_VARIABLE + "=" + jar + " names no file");
            }
            return new Started(AxonServerProcess.start(path, testClass.getSimpleName()));
        }
        return new Started(AxonServerInContainer.start());
    }

    private static String jar() {
        String jar = System.getenv(JAR_VARIABLE);
        return jar == null || jar.isBlank() ? null : jar;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Closed by JUnit when the test class's extension context closes: after every {@code afterAll} callback. */
    private record Started(StoppableAxonServer server) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            if (current == server) {
                current = null;
            }
            server.stop();
        }
    }
}
