package io.taxiride.axonserver;

import io.taxiride.TaxiRideApplication;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.testsupport.security.TestIssuer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Times replays of the call-view from a real Axon Server (docs/benchmarks.md, "Axon Server: call-view replay"):
 * starts the all-in-one in the axonserver profile against the server named by {@code -Daxonserver=host:port}
 * (default {@code localhost:8124}), stops its saga, appends {@code -Drides=N} completed rides (seven events each, as
 * the platform writes them; 0 appends none), waits for the call-view and the other views to build from the whole
 * store, then replays the call-view {@code -Dreplays=R} times (shut down, reset the tokens, start, wait until its
 * segments reach the head) and prints for each the events per second, the process's CPU time and the batches. With
 * {@code -Dreaders=N}, N clients read ride views over HTTP throughout each replay, one request after another
 * ({@code GET /callViews/{id}} of a random appended ride, an operator's token), and their reads are printed too.
 * Further arguments go to the application (e.g. {@code --axon.axonserver.event-flow-control.permits=20000}). Use a
 * server of its own: a replay runs over every event in the server's store. Run it on the all-in-one's test
 * classpath, e.g. after {@code mvn -o package -DskipTests -pl all-in-one -am} and
 * {@code mvn -o test-compile -pl all-in-one -am}, with {@code all-in-one/target/test-classes},
 * {@code all-in-one/target/classes}, the test-support jar and the jars under {@code BOOT-INF/lib} of the unpacked
 * {@code taxi-ride-all-in-one.jar}: {@code java -Xmx192m -XX:+UseG1GC -Xss512k -cp ...
 * io.taxiride.axonserver.AxonServerReplayMeasurement}.
 */
public final class AxonServerReplayMeasurement {

    private static final int RIDES_PER_APPEND = 100;
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private AxonServerReplayMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        String server = System.getProperty("axonserver", "localhost:8124");
        int rides = Integer.getInteger("rides", 10_000);
        int replays = Integer.getInteger("replays", 3);
        int readers = Integer.getInteger("readers", 0);
        List<String> arguments = new ArrayList<>(List.of(
                "--axon.axonserver.servers=" + server,
                "--taxiride.data-dir=" + Files.createTempDirectory("replay-measurement"),
                "--server.port=0"));
        // The axonserver profile takes tokens of a real issuer only: the tests' stands for it.
        TestIssuer.properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(args));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TaxiRideApplication.class,
                                                                               BatchCounter.class)
                .profiles("axonserver")
                .run(arguments.toArray(String[]::new))) {
            EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
            // The appended rides are history to replay, not rides for the saga to carry on.
            processing.eventProcessor("taxi-ride-saga").orElseThrow().shutDown();
            StreamingEventProcessor callView =
                    processing.eventProcessor("call-view", StreamingEventProcessor.class).orElseThrow();
            EventStore store = app.getBean(EventStore.class);

            long appendStart = System.nanoTime();
            String run = Long.toString(System.currentTimeMillis(), 36);
            for (int done = 0; done < rides; done += RIDES_PER_APPEND) {
                List<DomainEventMessage<?>> events = new ArrayList<>();
                for (int i = 0; i < Math.min(RIDES_PER_APPEND, rides - done); i++) {
                    events.addAll(ride(run + "-" + (done + i)));
                }
                store.publish(events);
            }
            long head = head(store);
            System.out.printf("appended rides=%d in %.1f s; head=%d%n", rides, seconds(appendStart), head);

            long buildStart = System.nanoTime();
            awaitHead(callView, head);
            report("build", head, buildStart, -1);
            // The other views build from the same store meanwhile; a replay is timed on a process whose other
            // processors are caught up, as in production.
            for (String other : List.of("driver-view", "ride-timeline")) {
                awaitCaughtUp(other, processing.eventProcessor(other, StreamingEventProcessor.class).orElseThrow());
            }
            System.out.printf("other views caught up after %.1f s%n", seconds(buildStart));
            int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
            for (int i = 1; i <= replays; i++) {
                callView.shutDown();
                BatchCounter.BATCHES.set(0);
                long cpu = CPU.getProcessCpuTime();
                long start = System.nanoTime();
                callView.resetTokens();
                double reset = seconds(start);
                try (ViewReaders reading = new ViewReaders(readers, port, run, rides)) {
                    callView.start();
                    awaitHead(callView, head);
                    report("replay " + i, head, start, reset);
                    reading.report(seconds(start));
                }
                System.out.printf("  batches=%d events_per_batch=%d process_cpu_seconds=%.1f%n",
                                  BatchCounter.BATCHES.get(), (head + 1) / Math.max(1, BatchCounter.BATCHES.get()),
                                  (CPU.getProcessCpuTime() - cpu) / 1e9);
            }
        }
    }

    /** Clients reading ride views while a replay runs, each sending its next request when the last is answered. */
    static final class ViewReaders implements AutoCloseable {

        private final List<Thread> threads = new ArrayList<>();
        private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
        private volatile boolean reading = true;

        ViewReaders(int count, int port, String run, int rides) {
            HttpClient http = HttpClient.newHttpClient();
            String token = TestIssuer.operator();
            for (int i = 0; i < count; i++) {
                Thread reader = new Thread(() -> {
                    while (reading) {
                        String callId = callId(run + "-" + ThreadLocalRandom.current().nextInt(Math.max(1, rides)));
                        HttpRequest request = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/callViews/" + callId))
                                .header("Authorization", "Bearer " + token).build();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            status = -1;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        answers.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    }
                }, "view-reader-" + i);
                threads.add(reader);
                reader.start();
            }
        }

        void report(double seconds) {
            if (threads.isEmpty()) {
                return;
            }
            long reads = answers.values().stream().mapToLong(AtomicLong::get).sum();
            System.out.printf("  readers=%d reads=%d reads_per_s=%d answers_by_status=%s%n", threads.size(), reads,
                              Math.round(reads / seconds), answers);
        }

        @Override
        public void close() throws InterruptedException {
            reading = false;
            for (Thread reader : threads) {
                reader.join();
            }
        }
    }

    /** Counts the tokens the processors store: one per batch of events (one transaction). */
    static class BatchCounter {

        static final AtomicLong BATCHES = new AtomicLong();

        @Bean
        static BeanPostProcessor countStoredTokens() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof TokenStore store)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[] {TokenStore.class},
                                                  (proxy, method, arguments) -> {
                        if (method.getName().equals("storeToken") && "call-view".equals(arguments[1])) {
                            BATCHES.incrementAndGet();
                        }
                        try {
                            return method.invoke(store, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
                }
            };
        }
    }

    private static List<DomainEventMessage<?>> ride(String n) {
        CallId call = new CallId(callId(n));
        PaymentId payment = new PaymentId("payment-" + n);
        DriveId drive = new DriveId("drive-" + n);
        return List.of(
                event("Call", call.value(), 0, new CallPlacedEvent(call, "user-" + Math.floorMod(n.hashCode(), 1_000),
                                                                   "Passenger " + n,
                                                                   new BigDecimal("10"), "Gangnam Station",
                                                                   "Seoul Station", 14_800, null, null)),
                event("Payment", payment.value(), 0, new FarePaidEvent(payment, call, 14_800)),
                event("Drive", drive.value(), 0, new DriveAssignedEvent(drive, call, "Kim Minjun", "70-1870", null, null)),
                event("Drive", drive.value(), 1, new DriveStartedEvent(drive, call)),
                event("Call", call.value(), 1, new RideBegunEvent(call, drive)),
                event("Drive", drive.value(), 2, new DriveEndedEvent(drive, call)),
                event("Call", call.value(), 2, new CallCompletedEvent(call, drive)));
    }

    /** The call id of the appended ride {@code n}. */
    private static String callId(String n) {
        return "call-" + n;
    }

    private static DomainEventMessage<?> event(String type, String aggregate, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(type, aggregate, sequence, payload);
    }

    private static long head(EventStore store) {
        TrackingToken head = store.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    private static void awaitHead(StreamingEventProcessor processor, long head) throws InterruptedException {
        while (!reached(processor.processingStatus(), head)) {
            Thread.sleep(5);
        }
    }

    /** A view with no handler for the appended events keeps its token where it was: caught up, not at the head. */
    private static void awaitCaughtUp(String name, StreamingEventProcessor processor) throws InterruptedException {
        long start = System.nanoTime();
        while (!processor.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp)) {
            if (seconds(start) > 120) {
                System.out.printf("%s not caught up after 120 s: %s%n", name, processor.processingStatus());
                return;
            }
            Thread.sleep(5);
        }
    }

    private static boolean reached(Map<Integer, EventTrackerStatus> status, long head) {
        return !status.isEmpty()
                && status.values().stream().allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
    }

    private static void report(String what, long head, long start, double resetSeconds) {
        double seconds = seconds(start);
        System.out.printf("%s: events=%d seconds=%.3f reset_seconds=%.3f events_per_s=%d%n",
                          what, head + 1, seconds, resetSeconds, Math.round((head + 1) / seconds));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
