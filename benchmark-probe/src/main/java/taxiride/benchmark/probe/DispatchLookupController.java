package taxiride.benchmark.probe;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /benchmark/dispatch-lookup?drivers=10000&lookups=2000&radiusKm=5}: {@link DispatchLookup}, answered
 * in JSON when done (minutes at large fleets: give the client time). A run that cannot complete answers 500 with
 * {@code {"error": ...}} saying why.
 */
@RestController
@RequestMapping(path = "/benchmark", produces = "application/json")
class DispatchLookupController {

    private final DispatchLookup lookup;

    DispatchLookupController(DispatchLookup lookup) {
        this.lookup = lookup;
    }

    @PostMapping("/dispatch-lookup")
    DispatchLookup.Result dispatchLookup(@RequestParam(defaultValue = "10000") int drivers,
                                         @RequestParam(defaultValue = "2000") int lookups,
                                         @RequestParam(defaultValue = "5") double radiusKm) throws Exception {
        return lookup.run(drivers, lookups, radiusKm);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    Map<String, String> badRequest(IllegalArgumentException e) {
        return Map.of("error", e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
    Map<String, String> failed(IllegalStateException e) {
        return Map.of("error", e.getMessage());
    }
}
