package taxiride.benchmark.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.dispatch.DispatchCandidates;
import io.taxiride.api.dispatch.FindDispatchCandidatesQuery;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.GoOfflineCommand;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverViewPage;
import io.taxiride.api.view.FindDriversQuery;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The lookup run on Axon's in-memory command and query buses, against a stand-in for the Driver aggregate and the
 * driver-view whose view shows each change a little later, as a projection does.
 */
class DispatchLookupTest {

    private static final Position CITY_HALL = new Position(37.5665, 126.9780);

    private final Drivers drivers = new Drivers();
    private final DispatchLookup lookup;

    DispatchLookupTest() {
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        new AnnotationCommandHandlerAdapter<>(drivers).subscribe(commandBus);
        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(drivers).subscribe(queryBus);
        lookup = new DispatchLookup(DefaultCommandGateway.builder().commandBus(commandBus).build(),
                                    DefaultQueryGateway.builder().queryBus(queryBus).build(), Duration.ofSeconds(10));
    }

    @Test
    void timesTheLookupsAmongItsOwnDriversOnceTheViewShowsThemAndTakesThemOfflineAfter() throws Exception {
        drivers.online.put(new DriverId("someone-else"), CITY_HALL);
        drivers.visible.put(new DriverId("someone-else"), CITY_HALL);

        DispatchLookup.Result result = lookup.run(300, 200, 5);

        assertThat(drivers.registered).hasSize(300).allSatisfy(
                register -> assertThat(register.driverId().value()).startsWith("bench-driver-"));
        assertThat(drivers.registered.stream().map(RegisterDriverCommand::driverId).distinct()).hasSize(300);
        assertThat(drivers.onlineAt).hasSize(300).allSatisfy(
                online -> assertThat(CITY_HALL.distanceKm(online.position())).isLessThanOrEqualTo(10 + 1e-9));
        assertThat(drivers.offline).hasSize(300);
        assertThat(drivers.visible).containsOnlyKeys(new DriverId("someone-else"));
        // Every lookup was made with every driver in the view: each found one.
        assertThat(drivers.lookups).hasSize(200).allSatisfy(query -> {
            assertThat(query.limit()).isEqualTo(1);
            assertThat(query.radiusKm()).isEqualTo(5);
            assertThat(query.excludedDriverIds()).isEmpty();
            assertThat(CITY_HALL.distanceKm(query.pickup())).isLessThanOrEqualTo(10 + 1e-9);
        });
        assertThat(drivers.lookupsWithEveryDriver).isEqualTo(200);
        assertThat(result.drivers()).isEqualTo(300);
        assertThat(result.lookups()).isEqualTo(200);
        assertThat(result.found()).isEqualTo(200);
        assertThat(result.p50Ms()).isPositive().isLessThanOrEqualTo(result.p99Ms());
        assertThat(result.p99Ms()).isLessThanOrEqualTo(result.maxMs());
        assertThat(result.availableSeconds()).isGreaterThanOrEqualTo(result.registerSeconds());
    }

    @Test
    void aSecondRunUsesTheSameDriversAndCountsFromTheSameStart() throws Exception {
        lookup.run(50, 10, 5);
        List<RegisterDriverCommand> first = List.copyOf(drivers.registered);
        drivers.registered.clear();

        lookup.run(50, 10, 5);

        assertThat(drivers.registered).as("registered again, and refused as registered already")
                                      .containsExactlyInAnyOrderElementsOf(first);
        assertThat(drivers.onlineAt).as("online on both runs all the same").hasSize(100);
        assertThat(drivers.visible).isEmpty();
    }

    @Test
    void failsSayingWhatItWaitedForWhenTheViewNeverShowsTheDrivers() {
        DispatchLookup impatient = new DispatchLookup(
                DefaultCommandGateway.builder().commandBus(frozenView()).build(),
                DefaultQueryGateway.builder().queryBus(queryBusOf(drivers)).build(), Duration.ofMillis(300));

        assertThatThrownBy(() -> impatient.run(20, 10, 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the driver-view did not show all 20 drivers AVAILABLE (0 were before) within 0.3 s:"
                            + " 0 AVAILABLE, expected 20");
    }

    @Test
    void failsNamingTheCommandsThatWereRefused() {
        drivers.refuseRegistration = true;

        assertThatThrownBy(() -> lookup.run(20, 10, 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("could not register and bring online 20 of 20 drivers, the first because: ");
    }

    @Test
    void refusesSizesOutOfRange() {
        assertThatThrownBy(() -> lookup.run(0, 10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lookup.run(100_001, 10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lookup.run(10, 0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lookup.run(10, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lookup.run(10, 10, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(drivers.registered).isEmpty();
    }

    @Test
    void placesEachDriverAlikeOnEveryRunOverTheWholeDisc() {
        List<Position> places = IntStream.rangeClosed(1, 10_000).mapToObj(DispatchLookup::position).toList();

        assertThat(IntStream.rangeClosed(1, 10_000).mapToObj(DispatchLookup::position).toList()).isEqualTo(places);
        assertThat(places).allSatisfy(p -> assertThat(CITY_HALL.distanceKm(p)).isLessThanOrEqualTo(10 + 1e-9));
        // Uniform over the area: a quarter within half the radius.
        assertThat(places.stream().filter(p -> CITY_HALL.distanceKm(p) <= 5).count()).isBetween(2_300L, 2_700L);
        assertThat(DispatchLookup.taxiNumber(7)).isEqualTo("90-0007");
        assertThat(DispatchLookup.taxiNumber(12_345)).isEqualTo("91-2345");
    }

    @Test
    void answersInJsonAndSaysWhatWasWrong() throws Exception {
        MockMvc http = MockMvcBuilders.standaloneSetup(new DispatchLookupController(lookup)).build();

        http.perform(post("/benchmark/dispatch-lookup?drivers=30&lookups=20&radiusKm=5"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.drivers").value(30))
            .andExpect(jsonPath("$.lookups").value(20))
            .andExpect(jsonPath("$.found").value(20))
            .andExpect(jsonPath("$.p50Ms").isNumber())
            .andExpect(jsonPath("$.p99Ms").isNumber())
            .andExpect(jsonPath("$.maxMs").isNumber())
            .andExpect(jsonPath("$.registerSeconds").isNumber());
        http.perform(post("/benchmark/dispatch-lookup?drivers=0"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.startsWith("drivers must be 1..100000")));
    }

    private static SimpleCommandBus frozenView() {
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        new AnnotationCommandHandlerAdapter<>(new Object() {
            @CommandHandler
            void handle(RegisterDriverCommand command) {
            }

            @CommandHandler
            void handle(GoOnlineCommand command) {
            }
        }).subscribe(commandBus);
        return commandBus;
    }

    private static SimpleQueryBus queryBusOf(Object handlers) {
        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(handlers).subscribe(queryBus);
        return queryBus;
    }

    /**
     * The Driver aggregate and the driver-view in one: a change shows in the view on the second count after it, as
     * a projection shows it a little after the command.
     */
    static final class Drivers {
        final List<RegisterDriverCommand> registered = new CopyOnWriteArrayList<>();
        final List<GoOnlineCommand> onlineAt = new CopyOnWriteArrayList<>();
        final List<GoOfflineCommand> offline = new CopyOnWriteArrayList<>();
        final List<FindDispatchCandidatesQuery> lookups = new CopyOnWriteArrayList<>();
        final Map<DriverId, Position> online = new ConcurrentHashMap<>();
        final Map<DriverId, Position> visible = new ConcurrentHashMap<>();
        final Set<DriverId> known = ConcurrentHashMap.newKeySet();
        volatile boolean refuseRegistration;
        int lookupsWithEveryDriver;
        private int counts;

        @CommandHandler
        void handle(RegisterDriverCommand command) {
            if (refuseRegistration) {
                throw new IllegalStateException("DUPLICATE_ID");
            }
            registered.add(command);
            if (!known.add(command.driverId())) {
                // As the Driver aggregate answers a second registration of the same id.
                throw new CommandExecutionException("registered already", null, ErrorCode.DUPLICATE_ID);
            }
        }

        @CommandHandler
        void handle(GoOnlineCommand command) {
            onlineAt.add(command);
            online.put(command.driverId(), command.position());
        }

        @CommandHandler
        void handle(GoOfflineCommand command) {
            offline.add(command);
            online.remove(command.driverId());
        }

        @QueryHandler
        synchronized DriverViewPage handle(FindDriversQuery query) {
            assertThat(query.status()).isEqualTo(DriverStatus.AVAILABLE);
            if (++counts % 2 == 0) {
                visible.keySet().retainAll(online.keySet());
                visible.putAll(online);
            }
            return new DriverViewPage(List.of(), query.page(), query.size(), visible.size(), visible.size());
        }

        @QueryHandler
        synchronized DispatchCandidates handle(FindDispatchCandidatesQuery query) {
            lookups.add(query);
            if (visible.keySet().containsAll(online.keySet()) && !online.isEmpty()) {
                lookupsWithEveryDriver++;
            }
            return new DispatchCandidates(
                    visible.entrySet().stream()
                           .filter(driver -> driver.getValue().distanceKm(query.pickup()) <= query.radiusKm())
                           .min(Comparator.comparingDouble(driver -> driver.getValue().distanceKm(query.pickup())))
                           .map(driver -> new DispatchCandidate(driver.getKey().value(), "", "", driver.getValue(),
                                                                driver.getValue().distanceKm(query.pickup())))
                           .stream().toList());
        }
    }
}
