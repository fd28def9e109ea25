package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.PaymentStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hundreds of rides placed in parallel, half of them cancelled by the passenger at a random moment, some declined
 * or without a driver. Whatever the interleaving, money and drivers end where they belong.
 */
public class ConcurrentRidesHttpTest extends EmbeddedRideTest {

    private static final int RIDES = 300;
    private static final Set<HttpStatus> CANCEL_ANSWERS = EnumSet.of(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyCancelledRideIsCompensatedAndEveryOtherRideIsPaidWithADriver() throws Exception {
        RideClient rides = rides();
        Random random = new Random(42);
        List<Future<String>> placed = new ArrayList<>();
        ExecutorService passengers = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < RIDES; i++) {
                String distance = switch (i % 10) {
                    case 0 -> DECLINED_DISTANCE;
                    case 1 -> NO_DRIVER_DISTANCE;
                    default -> String.valueOf(1 + random.nextInt(25));
                };
                boolean cancel = random.nextBoolean();
                long delayMillis = random.nextInt(60);
                String userId = "crowd-" + i;
                placed.add(passengers.submit(() -> {
                    String callId = rides.placeCall(userId, distance);
                    if (cancel) {
                        Thread.sleep(delayMillis);
                        assertThat(rides.cancel(callId)).isIn(CANCEL_ANSWERS);
                    }
                    return callId;
                }));
            }
            List<String> callIds = new ArrayList<>();
            for (Future<String> future : placed) {
                callIds.add(future.get());
            }

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                   .until(() -> unsettled(rides, callIds).isEmpty());

            Map<CallStatus, Long> byStatus = callIds.stream().map(rides::view)
                                                    .collect(Collectors.groupingBy(CallView::status,
                                                                                   Collectors.counting()));
            assertThat(byStatus.keySet()).containsOnly(CallStatus.CANCELLED, CallStatus.DRIVER_ASSIGNED);
            assertThat(byStatus.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RIDES);
            assertThat(byStatus.get(CallStatus.CANCELLED)).isGreaterThanOrEqualTo(RIDES / 5);
            assertThat(callIds.stream().filter(this::sagaActive).count())
                    .isEqualTo(byStatus.get(CallStatus.DRIVER_ASSIGNED));
        } finally {
            passengers.shutdownNow();
        }
    }

    /** The calls that are not yet where they must end; each entry says why. */
    private List<String> unsettled(RideClient rides, List<String> callIds) {
        List<String> unsettled = new ArrayList<>();
        for (String callId : callIds) {
            CallView view = rides.view(callId);
            if (view == null) {
                unsettled.add(callId + " has no view");
            } else if (view.status() == CallStatus.CANCELLED) {
                if (view.paymentStatus() == PaymentStatus.PAID) {
                    unsettled.add(callId + " is cancelled with money captured");
                }
                if (view.driveStatus() == DriveStatus.ASSIGNED || view.driveStatus() == DriveStatus.STARTED) {
                    unsettled.add(callId + " is cancelled with a driver held");
                }
                if (sagaActive(callId)) {
                    unsettled.add(callId + " is cancelled but still being compensated");
                }
            } else if (view.status() != CallStatus.DRIVER_ASSIGNED || view.paymentStatus() != PaymentStatus.PAID
                    || view.driveStatus() != DriveStatus.ASSIGNED) {
                unsettled.add(callId + " is " + view.status() + " with payment " + view.paymentStatus());
            }
        }
        return unsettled;
    }

    private boolean sagaActive(String callId) {
        return jdbc.queryForObject("select count(*) from association_value_entry "
                                           + "where association_key = 'callId' and association_value = ?",
                                   Long.class, callId) > 0;
    }
}
