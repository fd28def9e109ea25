package taxiride.benchmark.probe;

import java.sql.SQLException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Plain-text key=value answers, read by benchmark/run.sh. */
@RestController
@RequestMapping(path = "/benchmark", produces = "text/plain")
class BenchmarkProbeController {

    private final LagRecorder lag;
    private final ReplayTimer replay;
    private final StorageLimit storage;

    BenchmarkProbeController(LagRecorder lag, ReplayTimer replay, StorageLimit storage) {
        this.lag = lag;
        this.replay = replay;
        this.storage = storage;
    }

    @PostMapping("/phase")
    String phase(@RequestParam String label) {
        lag.startPhase(label);
        return "phase=" + label + "\n";
    }

    @GetMapping("/lag")
    String lag() {
        return lag.report();
    }

    @PostMapping("/replay")
    String replay(@RequestParam(defaultValue = BenchmarkProbeAutoConfiguration.CALL_VIEW) String processor,
                  @RequestParam(defaultValue = "600") long timeoutSeconds) throws Exception {
        return replay.replay(processor, Math.min(timeoutSeconds, 1800)) + "\n";
    }

    @PostMapping("/storage")
    String storage(@RequestParam(defaultValue = "5") double seconds,
                   @RequestParam(defaultValue = "100") int batch) throws SQLException {
        return storage.measure(Math.min(seconds, 60), Math.max(2, Math.min(batch, 10_000))) + "\n";
    }
}
