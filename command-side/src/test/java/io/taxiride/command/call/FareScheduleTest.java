package io.taxiride.command.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FareScheduleTest {

    private final FareSchedule schedule = new FareSchedule(4800, 1000);

    @ParameterizedTest(name = "{0} km costs {1} won")
    @CsvSource({
            "10, 14800",
            "2.3456, 7146",
            "0.0005, 4801",
            "0.0004, 4800",
            "1000, 1004800"})
    void fareIsBasePlusRatePerKmRoundedHalfUpToTheWon(BigDecimal distance, long fare) {
        assertThat(schedule.fareFor(distance)).isEqualTo(fare);
    }
}
