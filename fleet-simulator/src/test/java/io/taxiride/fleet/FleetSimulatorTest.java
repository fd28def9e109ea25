package io.taxiride.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.fleet.Fleet.SimulatedDriver;
import io.taxiride.security.Actor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

    private static final Position CITY_HALL = new Position(37.5665, 126.9780);

    private final FleetProperties properties = new FleetProperties(5, 3, "37.5665,126.9780", Duration.ZERO,
                                                                   Duration.ZERO, 0.1, Duration.ofSeconds(5));
    private final Fleet fleet = new Fleet(5, new Disc(CITY_HALL, 3));
    private final RecordingCommandGateway commands = new RecordingCommandGateway();
    private final FleetSimulator simulator = new FleetSimulator(fleet, commands, properties);

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void registersEachDriverThenBringsThemOnlineAtTheirStartingPoint() {
        assertThat(simulator.bringOnline()).isTrue();

        assertThat(commands.sent).hasSize(10);
        for (SimulatedDriver driver : fleet.drivers()) {
            assertThat(commands.sent).containsSubsequence(
                    new RegisterDriverCommand(driver.id(), driver.name(), driver.taxiNumber()),
                    new GoOnlineCommand(driver.id(), driver.start()));
        }
    }

    @Test
    void aRestartSendsTheSameCommandsAgain() {
        simulator.bringOnline();
        List<Object> first = new ArrayList<>(commands.sent);
        commands.sent.clear();

        try (FleetSimulator restarted = new FleetSimulator(new Fleet(5, new Disc(CITY_HALL, 3)), commands,
                                                           properties)) {
            restarted.bringOnline();
        }

        assertThat(commands.sent).isEqualTo(first);
    }

    @Test
    void triesAgainTheDriversWhoseCommandsFailed() {
        SimulatedDriver third = fleet.drivers().get(2);
        commands.refuse = command -> command.equals(new GoOnlineCommand(third.id(), third.start()))
                && commands.sent(GoOnlineCommand.class).size() <= 5;

        assertThat(simulator.bringOnline()).isTrue();

        assertThat(commands.sent(RegisterDriverCommand.class)).hasSize(6);
        assertThat(commands.sent(GoOnlineCommand.class)).hasSize(6)
                                                          .endsWith(new GoOnlineCommand(third.id(), third.start()));
    }

    @Test
    void everyCommandGoesAsItsDriver() {
        simulator.bringOnline();
        simulator.moveAll();

        assertThat(commands.sentAs).hasSize(15).allSatisfy(
                sent -> assertThat(sent.actor()).isEqualTo(Actor.driver(driverOf(sent.command()).value())));
        assertThat(Actor.current()).isEmpty();
    }

    private static DriverId driverOf(Object command) {
        if (command instanceof RegisterDriverCommand register) {
            return register.driverId();
        }
        if (command instanceof GoOnlineCommand online) {
            return online.driverId();
        }
        return ((MoveDriverCommand) command).driverId();
    }

    /** The drivers of an earlier start are registered already: refused as duplicates, they go online all the same. */
    @Test
    void aDriverRegisteredAlreadyGoesOnline() {
        commands.refuse = RegisterDriverCommand.class::isInstance;
        commands.refusal = command -> new CommandExecutionException("Driver is registered already", null,
                                                                    ErrorCode.DUPLICATE_ID);

        assertThat(simulator.bringOnline()).isTrue();

        assertThat(commands.sent(RegisterDriverCommand.class)).hasSize(5);
        assertThat(commands.sent(GoOnlineCommand.class)).hasSize(5);
    }

    @Test
    void onlyADuplicateCountsAsRegistered() {
        CommandExecutionException duplicate = new CommandExecutionException("registered already", null,
                                                                             ErrorCode.DUPLICATE_ID);
        assertThat(FleetSimulator.registeredAlready(duplicate)).isTrue();
        assertThat(FleetSimulator.registeredAlready(new CompletionException(duplicate))).isTrue();
        assertThat(FleetSimulator.registeredAlready(
                new CommandExecutionException("invalid", null, ErrorCode.INVALID_REQUEST))).isFalse();
        assertThat(FleetSimulator.registeredAlready(new CommandExecutionException("no code", null))).isFalse();
        assertThat(FleetSimulator.registeredAlready(new IllegalStateException("Axon Server away"))).isFalse();
    }

    @Test
    void movesEveryDriverAShortStepFromWhereTheyWere() {
        simulator.moveAll();
        simulator.moveAll();

        List<MoveDriverCommand> moves = commands.sent(MoveDriverCommand.class);
        assertThat(moves).hasSize(10);
        Map<Object, Position> start = fleet.drivers().stream()
                                           .collect(Collectors.toMap(SimulatedDriver::id, SimulatedDriver::start));
        Map<Object, MoveDriverCommand> firstMove = moves.subList(0, 5).stream()
                                                        .collect(Collectors.toMap(MoveDriverCommand::driverId,
                                                                                  Function.identity()));
        assertThat(firstMove.keySet()).isEqualTo(start.keySet());
        for (MoveDriverCommand second : moves.subList(5, 10)) {
            Position first = firstMove.get(second.driverId()).position();
            assertThat(start.get(second.driverId()).distanceKm(first)).isLessThanOrEqualTo(0.1 + 1e-9);
            assertThat(first.distanceKm(second.position())).isLessThanOrEqualTo(0.1 + 1e-9);
            assertThat(CITY_HALL.distanceKm(second.position())).isLessThanOrEqualTo(3 + 1e-9);
        }
        assertThat(moves.stream().map(MoveDriverCommand::position).distinct()).hasSize(10);
    }
}
