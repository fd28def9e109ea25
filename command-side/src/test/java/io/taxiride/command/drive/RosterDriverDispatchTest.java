package io.taxiride.command.drive;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.drive.DriveId;

import org.junit.jupiter.api.Test;

class RosterDriverDispatchTest {

    private final RosterDriverDispatch dispatch = new RosterDriverDispatch();

    @Test
    void sameDriveAlwaysFindsTheSameDriverSoReplaysAgree() {
        DriveId drive = new DriveId("7f9c2ba4-e88f-4d3a-9c55-1f2e3d4c5b6a");

        assertThat(dispatch.findDriver(drive)).isEqualTo(dispatch.findDriver(new DriveId(drive.value())));
    }

    @Test
    void driverHasANameAndATaxiNumberOfTheRosterFormat() {
        assertThat(dispatch.findDriver(new DriveId("any-drive"))).hasValueSatisfying(driver -> {
            assertThat(driver.name()).isNotBlank();
            assertThat(driver.taxiNum()).matches("\\d{2}-\\d{4}");
        });
    }
}
