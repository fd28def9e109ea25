package io.taxiride;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side, the saga and the query side in one JVM. */
@SpringBootApplication
public class TaxiRideApplication {

    public static void main(String[] args) {
        SpringApplication.run(TaxiRideApplication.class, args);
    }
}
