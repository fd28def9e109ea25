package io.taxiride.command.drive;

import io.taxiride.api.drive.DriveId;

import java.util.List;
import java.util.Optional;

/**
 * The built-in dispatch: a fixed roster of drivers, always one free. The driver follows from the drive id, so the
 * same request always finds the same driver.
 */
public class RosterDriverDispatch implements DriverDispatch {

    private static final List<String> ROSTER = List.of(
            "Kim Minjun", "Lee Seoyeon", "Park Jihoon", "Choi Yuna", "Jung Hyunwoo", "Kang Jiwoo", "Yoon Seojun",
            "Han Eunji", "Lim Dohyun", "Oh Sumin");

    @Override
    public Optional<Driver> findDriver(DriveId driveId) {
        int hash = driveId.value().hashCode() & Integer.MAX_VALUE;
        String name = ROSTER.get(hash % ROSTER.size());
        String taxiNum = "%02d-%04d".formatted(10 + hash % 90, 1000 + hash % 9000);
        return Optional.of(new Driver(name, taxiNum));
    }
}
