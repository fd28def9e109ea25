package io.taxiride.storage.h2;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** {@code taxiride.h2.housekeeping.*}: how often and how much {@link H2Housekeeping} does. */
@ConfigurationProperties("taxiride.h2.housekeeping")
public class H2HousekeepingProperties {

    /** Whether an H2 file database is compacted while the application runs. */
    private boolean enabled = true;
    /** Time between two rounds. */
    private Duration interval = Duration.ofSeconds(1);
    /** Chunks with less live data than this (percent) are rewritten. */
    private int targetFillRate = 50;
    /**
     * Live data rewritten per round at most. Other commits wait while a round commits its rewrite: rounds of 8 MB
     * raised {@code POST /calls} p99 to 102 ms at 10 rides/s (docs/benchmarks.md, "Settings and the measurements
     * behind them").
     */
    private DataSize maxWrite = DataSize.ofMegabytes(2);
    /**
     * Whether each round also forces the file to the device, so that every commit is on the device within about one
     * interval (Linux writes dirty pages back only after 30 s).
     */
    private boolean sync = true;
    /**
     * H2's retention time, set when the housekeeping starts: how long a chunk stays in the file once written before
     * its space may be reused. H2's default is 45 s, which it assumes the operating system needs to write everything
     * back; with {@link #sync} every round it needs only a few intervals, and a shorter time keeps the file smaller
     * under load: about 6 KB per stored event against 19-20 KB with H2's 45 s (docs/benchmarks.md, "Settings and the
     * measurements behind them").
     */
    private Duration retentionTime = Duration.ofSeconds(10);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public int getTargetFillRate() {
        return targetFillRate;
    }

    public void setTargetFillRate(int targetFillRate) {
        this.targetFillRate = targetFillRate;
    }

    public DataSize getMaxWrite() {
        return maxWrite;
    }

    public void setMaxWrite(DataSize maxWrite) {
        this.maxWrite = maxWrite;
    }

    public boolean isSync() {
        return sync;
    }

    public void setSync(boolean sync) {
        this.sync = sync;
    }

    public Duration getRetentionTime() {
        return retentionTime;
    }

    public void setRetentionTime(Duration retentionTime) {
        this.retentionTime = retentionTime;
    }
}
