package io.taxiride.fleet;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.fleet.Fleet.SimulatedDriver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Brings the fleet online once the application is ready, with the commands a driver's app sends (register, then go
 * online at the driver's starting point), and then, with {@code move-every}, moves every driver a short step each
 * interval. Every command goes as its driver ({@link AsDriver}). A restart sends the same commands again: a driver
 * registered already is refused as a duplicate, which counts as registered, and one online already just moves to the
 * starting point.
 */
final class FleetSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
    /** The longest step between two position reports: about what a taxi drives in a few seconds in town. */
    static final double MAX_STEP_KM = 0.1;
    private static final int IN_FLIGHT = 64;
    /**
     * Threads that send the moves. A driver's app reports over its own connection, so reports arrive on many request
     * threads at once; an in-process command bus runs a command on the thread that sends it, and one thread would
     * measure its own round trips rather than what the platform absorbs.
     */
    private static final int MOVE_THREADS = 4;
    private static final int ATTEMPTS = 5;
    private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(2);

    private final Fleet fleet;
    private final CommandGateway commands;
    private final FleetProperties properties;
    private final InFlight inFlight = new InFlight(IN_FLIGHT);
    private final ScheduledExecutorService moves;
    private final ExecutorService senders;
    private final SplittableRandom steps = new SplittableRandom();
    private final AtomicBoolean started = new AtomicBoolean();

    FleetSimulator(Fleet fleet, CommandGateway commands, FleetProperties properties) {
        this.fleet = fleet;
        this.commands = commands;
        this.properties = properties;
        this.moves = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-simulator");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger senderThreads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(MOVE_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "fleet-moves-" + senderThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * On a thread of its own: the application's start does not wait for the fleet. Once only, though a parent
     * context hears a child's ready event too.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        moves.execute(() -> {
            if (bringOnline() && !properties.moveEvery().isZero()) {
                long every = properties.moveEvery().toMillis();
                moves.scheduleAtFixedRate(this::moveAll, every, every, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Whether every driver is online; drivers whose commands failed are tried again a few times. */
    boolean bringOnline() {
        List<SimulatedDriver> pending = fleet.drivers();
        Throwable lastFailure = null;
        try {
            for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    Thread.sleep(BETWEEN_ATTEMPTS.toMillis());
                }
                List<SimulatedDriver> sent = pending;
                List<CompletableFuture<Object>> answers = new ArrayList<>(sent.size());
                for (SimulatedDriver driver : sent) {
                    answers.add(inFlight.send(() -> registerAndGoOnline(driver)));
                }
                pending = new ArrayList<>();
                for (int i = 0; i < sent.size(); i++) {
                    try {
                        answers.get(i).get(InFlight.ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException | TimeoutException failure) {
                        pending.add(sent.get(i));
                        lastFailure = failure;
                    }
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!pending.isEmpty()) {
            log.warn("Fleet simulator: {} of {} drivers could not go online", pending.size(), fleet.size(),
                     lastFailure);
            return false;
        }
        log.info("Fleet simulator: {} drivers online around {}", fleet.size(), properties.centre());
        return true;
    }

    private CompletableFuture<Object> registerAndGoOnline(SimulatedDriver driver) {
        return AsDriver.send(commands, driver.id(),
                             new RegisterDriverCommand(driver.id(), driver.name(), driver.taxiNumber()))
                       .exceptionallyCompose(failure -> registeredAlready(failure)
                               ? CompletableFuture.completedFuture(null)
                               : CompletableFuture.failedFuture(failure))
                       .thenCompose(registered -> AsDriver.send(commands, driver.id(),
                                                                new GoOnlineCommand(driver.id(), driver.start())));
    }

    /** Whether a registration failed only because the driver is registered already (from an earlier start). */
    static boolean registeredAlready(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommandExecutionException refused
                    && refused.getDetails().filter(ErrorCode.DUPLICATE_ID::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * One step for every driver, sent from {@link #MOVE_THREADS} threads, and back when every move of the round is
     * answered (or {@link InFlight#ANSWER_TIMEOUT} has passed); a move that fails (the platform is busy or away) is
     * simply the next one's.
     */
    void moveAll() {
        List<SimulatedDriver> drivers = fleet.drivers();
        List<CompletableFuture<Object>> round = new ArrayList<>(drivers.size());
        try {
            for (SimulatedDriver driver : drivers) {
                Position next = fleet.area().step(fleet.positionOf(driver.id()), MAX_STEP_KM, steps);
                fleet.moved(driver.id(), next);
                round.add(inFlight.send(() -> CompletableFuture.supplyAsync(
                        () -> AsDriver.send(commands, driver.id(), new MoveDriverCommand(driver.id(), next)),
                        senders).thenCompose(answer -> answer)).whenComplete((result, failure) -> {
                            if (failure != null) {
                                log.debug("Fleet simulator: driver {} did not move: {}", driver.id(),
                                          failure.toString());
                            }
                        }));
            }
            CompletableFuture.allOf(round.toArray(CompletableFuture[]::new))
                             .exceptionally(failure -> null)
                             .get(InFlight.ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException unanswered) {
            log.debug("Fleet simulator: a round of moves not answered in time: {}", unanswered.toString());
        }
    }

    @Override
    public void close() {
        moves.shutdownNow();
        senders.shutdownNow();
    }
}
