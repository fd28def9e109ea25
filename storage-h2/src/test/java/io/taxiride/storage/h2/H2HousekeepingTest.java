package io.taxiride.storage.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/**
 * The housekeeping on real H2 files, written the way the application writes them: many small commits with
 * {@code WRITE_DELAY=0}, some rows appended and never touched again (events), some updated over and over (tokens,
 * sagas, the call-view).
 */
@ExtendWith(OutputCaptureExtension.class)
class H2HousekeepingTest {

    private static final int COMMITS = 3_000;
    /**
     * The size comparison needs more: how much of the file the compaction frees by a given moment varies between runs
     * (with 3,000 commits the file kept was 3.7 to 6.4 MB against 12.9 MB, too close to tell apart reliably; with
     * 10,000 it was 12 to 15 MB against 51 MB).
     */
    private static final int COMMITS_TO_COMPARE_SIZES = 10_000;

    @TempDir
    Path dir;

    @Test
    void anH2FileKeptWhileWrittenStaysAFractionOfOneThatIsNot() throws SQLException, IOException {
        long plain = fileSizeAfterWorkload("plain", false);
        long kept = fileSizeAfterWorkload("kept", true);

        assertThat(plain).as("without compaction each chunk keeps a full leaf of appended rows alive")
                         .isGreaterThan(2 * kept);
    }

    @Test
    void aRoundRewritesTheLiveDataOfSparseChunks() throws SQLException {
        DataSource dataSource = h2File("sparse");
        try (Connection open = dataSource.getConnection()) {
            workload(open, null, COMMITS);

            assertThat(housekeeping(dataSource, new H2HousekeepingProperties()).run()).isTrue();
        }
    }

    @Test
    void runsOnAnH2FileUntilStopped() {
        H2Housekeeping housekeeping = housekeeping(h2File("lifecycle"), new H2HousekeepingProperties());

        housekeeping.start();
        assertThat(housekeeping.isRunning()).isTrue();
        housekeeping.stop();
        assertThat(housekeeping.isRunning()).isFalse();
    }

    @Test
    void leavesADatabaseThatIsNoH2FileAlone() throws SQLException {
        JdbcDataSource inMemory = new JdbcDataSource();
        inMemory.setURL("jdbc:h2:mem:housekeeping-test;DB_CLOSE_DELAY=-1");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        H2Housekeeping housekeeping = new H2Housekeeping(inMemory, new H2HousekeepingProperties(), meters);

        housekeeping.start();

        assertThat(housekeeping.isRunning()).isFalse();
        assertThat(housekeeping.run()).isFalse();
        assertThat(meters.getMeters()).as("no timer of a housekeeping that has nothing to do").isEmpty();
    }

    @Test
    void eachRoundForcesTheFileToTheDeviceUnlessSyncIsOff() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(SyncCountingFilePath.url(dir.resolve("synced").resolve("db"))
                                  + ";WRITE_DELAY=0;RETENTION_TIME=0");
        H2HousekeepingProperties unsynced = new H2HousekeepingProperties();
        unsynced.setSync(false);
        unsynced.setRetentionTime(H2Housekeeping.H2_RETENTION_TIME);
        try (Connection open = dataSource.getConnection()) {
            workload(open, null, COMMITS);
            int before = SyncCountingFilePath.forced();

            assertThat(housekeeping(dataSource, unsynced).run()).as("rewritten and committed").isTrue();
            assertThat(SyncCountingFilePath.forced()).as("H2 commits without forcing the file").isEqualTo(before);

            housekeeping(dataSource, new H2HousekeepingProperties()).run();
            assertThat(SyncCountingFilePath.forced()).isEqualTo(before + 1);
        }
    }

    @Test
    void setsH2sRetentionTimeWhenItStarts() throws SQLException {
        DataSource dataSource = h2File("retention");
        H2HousekeepingProperties properties = new H2HousekeepingProperties();
        properties.setRetentionTime(Duration.ofSeconds(20));
        H2Housekeeping housekeeping = housekeeping(dataSource, properties);
        try (Connection open = dataSource.getConnection()) {
            MVStore store = H2Housekeeping.fileStore(open).orElseThrow();
            assertThat(store.getRetentionTime()).as("RETENTION_TIME=0 in the URL").isZero();

            housekeeping.start();
            try {
                assertThat(store.getRetentionTime()).isEqualTo(20_000);
            } finally {
                housekeeping.stop();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"interval, 0s, 50, 2MB, true, 10s", "interval, -1s, 50, 2MB, true, 10s",
                "target-fill-rate, 1s, 0, 2MB, true, 10s", "target-fill-rate, 1s, 101, 2MB, true, 10s",
                "max-write, 1s, 50, 0B, true, 10s", "max-write, 1s, 50, 2GB, true, 10s",
                "retention-time, 1s, 50, 2MB, true, 4s", "retention-time, 3s, 50, 2MB, true, 10s",
                "retention-time, 1s, 50, 2MB, false, 44s", "retention-time, 1s, 50, 2MB, true, 25d"})
    void refusesASettingOutOfRangeNamingIt(String property, String interval, int targetFillRate, String maxWrite,
                                           boolean sync, String retentionTime) {
        H2HousekeepingProperties properties = new H2HousekeepingProperties();
        properties.setInterval(DurationStyle.detectAndParse(interval));
        properties.setTargetFillRate(targetFillRate);
        properties.setMaxWrite(DataSize.parse(maxWrite));
        properties.setSync(sync);
        properties.setRetentionTime(DurationStyle.detectAndParse(retentionTime));

        assertThatThrownBy(() -> housekeeping(h2File("refused"), properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("taxiride.h2.housekeeping." + property + ":");
    }

    @Test
    void isConfiguredForTheApplicationsDataSourceUnlessSwitchedOff() {
        ApplicationContextRunner context = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(H2HousekeepingAutoConfiguration.class));

        context.withBean(DataSource.class, () -> h2File("context"))
               .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
               .run(started -> {
                   assertThat(started).hasSingleBean(H2Housekeeping.class);
                   started.getBean(H2Housekeeping.class).run();
                   assertThat(started.getBean(MeterRegistry.class).find(H2Housekeeping.TIMER).timers()).hasSize(2);
               });
        context.withBean(DataSource.class, () -> h2File("off"))
               .withPropertyValues("taxiride.h2.housekeeping.enabled=false")
               .run(started -> assertThat(started).doesNotHaveBean(H2Housekeeping.class));
        context.run(started -> assertThat(started).doesNotHaveBean(H2Housekeeping.class));
    }

    @Test
    void timesEachStepOfARound() throws SQLException {
        DataSource dataSource = h2File("timed");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        H2HousekeepingProperties unsynced = new H2HousekeepingProperties();
        unsynced.setSync(false);
        unsynced.setRetentionTime(H2Housekeeping.H2_RETENTION_TIME);
        try (Connection open = dataSource.getConnection()) {
            workload(open, null, COMMITS);

            H2Housekeeping synced = new H2Housekeeping(dataSource, new H2HousekeepingProperties(), meters);
            synced.run();
            synced.run();
            new H2Housekeeping(dataSource, unsynced, meters).run();
        }

        Timer compaction = meters.get(H2Housekeeping.TIMER).tag("step", "compact").timer();
        Timer sync = meters.get(H2Housekeeping.TIMER).tag("step", "sync").timer();
        assertThat(compaction.count()).isEqualTo(3);
        assertThat(compaction.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(sync.count()).isEqualTo(2);
    }

    @Test
    void warnsOfARoundThatTakesLongerThanItsInterval(CapturedOutput output) throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(SyncCountingFilePath.url(dir.resolve("slow").resolve("db")) + ";WRITE_DELAY=0");
        H2HousekeepingProperties everyHour = new H2HousekeepingProperties();
        everyHour.setInterval(Duration.ofHours(1));
        everyHour.setRetentionTime(Duration.ofHours(5));
        H2HousekeepingProperties every10ms = new H2HousekeepingProperties();
        every10ms.setInterval(Duration.ofMillis(10));
        try (Connection open = dataSource.getConnection()) {
            SyncCountingFilePath.forceTakes(Duration.ofMillis(50));
            housekeeping(dataSource, everyHour).run();
            assertThat(output).doesNotContain("H2 housekeeping round took");

            housekeeping(dataSource, every10ms).run();
        } finally {
            SyncCountingFilePath.forceTakes(Duration.ZERO);
        }
        assertThat(output).containsPattern("WARN .*H2 housekeeping round took \\d+ ms, longer than its interval "
                                                   + "PT0\\.01S: compaction \\d+ ms, sync (5\\d|[6-9]\\d|\\d{3,}) ms");
    }

    private long fileSizeAfterWorkload(String name, boolean kept) throws SQLException, IOException {
        DataSource dataSource = h2File(name);
        try (Connection connection = dataSource.getConnection()) {
            workload(connection, kept ? housekeeping(dataSource, new H2HousekeepingProperties()) : null,
                     COMMITS_TO_COMPARE_SIZES);
            // the file's size while open; SHUTDOWN IMMEDIATELY closes it without H2's compaction at close
            long size = Files.size(dir.resolve(name).resolve("db.mv.db"));
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN IMMEDIATELY");
            }
            return size;
        }
    }

    /**
     * One row appended and ten hot rows updated in each of the given number of commits; a housekeeping round every 100
     * commits if one is given.
     */
    private static void workload(Connection connection, H2Housekeeping housekeeping, int commits) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table appended (id bigint primary key, event_id varchar(36) unique, "
                                      + "payload varchar(400))");
            statement.execute("create table hot (id int primary key, position bigint, owner varchar(36))");
            statement.execute("insert into hot select x, 0, null from system_range(1, 10)");
        }
        connection.setAutoCommit(false);
        try (PreparedStatement append = connection.prepareStatement("insert into appended values (?, ?, ?)");
             PreparedStatement update = connection.prepareStatement(
                     "update hot set position = ?, owner = ? where id = ?")) {
            for (int i = 1; i <= commits; i++) {
                append.setLong(1, i);
                append.setString(2, UUID.randomUUID().toString());
                append.setString(3, "x".repeat(400));
                append.executeUpdate();
                for (int row = 1; row <= 10; row++) {
                    update.setLong(1, i);
                    update.setString(2, UUID.randomUUID().toString());
                    update.setInt(3, row);
                    update.executeUpdate();
                }
                connection.commit();
                if (housekeeping != null && i % 100 == 0) {
                    housekeeping.run();
                }
            }
        }
    }

    private static H2Housekeeping housekeeping(DataSource dataSource, H2HousekeepingProperties properties) {
        return new H2Housekeeping(dataSource, properties, new SimpleMeterRegistry());
    }

    /**
     * As the application's databases (WRITE_DELAY=0), but H2 may reuse a dead chunk's space at once: the workload
     * takes a second, not H2's retention time of 45 s.
     */
    private DataSource h2File(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve(name).resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0");
        return dataSource;
    }
}
