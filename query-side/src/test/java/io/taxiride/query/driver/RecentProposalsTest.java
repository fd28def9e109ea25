package io.taxiride.query.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentProposalsTest {

    private final AtomicLong now = new AtomicLong();
    private final RecentProposals proposals = new RecentProposals(Duration.ofSeconds(2), now::get);

    @Test
    void aProposedDriverIsHeldBackUntilTheirAnswerShowsOrTheHoldHasPassed() {
        proposals.proposed(List.of("a", "b"));
        assertThat(proposals.held()).containsExactlyInAnyOrder("a", "b");

        proposals.answered("a");
        assertThat(proposals.held()).containsExactly("b");

        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(proposals.held()).containsExactly("b");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(proposals.held()).isEmpty();
    }

    @Test
    void withoutAHoldNothingIsHeldBack() {
        RecentProposals none = RecentProposals.none();
        none.proposed(List.of("a"));
        assertThat(none.held()).isEmpty();
    }
}
