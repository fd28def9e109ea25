package taxiride.benchmark.probe;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
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

    /** With {@code emptyTable}, that table is emptied before the timed part: a build from an empty view. */
    @PostMapping("/replay")
    String replay(@RequestParam(defaultValue = BenchmarkProbeAutoConfiguration.CALL_VIEW) String processor,
                  @RequestParam(defaultValue = "600") long timeoutSeconds,
                  @RequestParam(required = false) String emptyTable) throws Exception {
        return replay.replay(processor, Math.min(timeoutSeconds, 1800), emptyTable) + "\n";
    }

    /** An unknown processor or a name that is not a table: the caller's mistake, said in plain text. */
    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badRequest(IllegalArgumentException e) {
        return "error=" + e.getMessage() + "\n";
    }

    @PostMapping("/storage")
    String storage(@RequestParam(defaultValue = "5") double seconds,
                   @RequestParam(defaultValue = "100") int batch) throws Exception {
        return storage.measure(Math.min(seconds, 60), Math.max(2, Math.min(batch, 10_000))) + "\n";
    }

    /** What the stored events of one payload type (a class name) take; on Axon Server, read for at most 60 s. */
    @GetMapping("/event-size")
    String eventSize(@RequestParam String type) throws Exception {
        if (!type.matches("[A-Za-z0-9_.$]{1,200}")) {
            throw new IllegalArgumentException("not a class name: " + type);
        }
        return storage.storedSize(type, 60) + "\n";
    }
}
