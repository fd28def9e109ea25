package io.taxiride.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The passenger's and the driver's pages in a real browser (headless Chromium through its WebDriver), against the
 * embedded all-in-one as a fresh checkout runs it: the pages sign in with development tokens, send the same requests as any app and follow the
 * ride and the driver through their streams. No simulated fleet: the driver at the page is the only one.
 * <p>
 * It needs Debian's {@code chromium} and {@code chromium-driver} (or Chrome and its chromedriver) on the PATH, and is
 * skipped, saying so, where there are none; {@code .ci/run} installs them where it can and fails if it was skipped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.security.dev-issuer.enabled=true",
        "taxiride.fleet.simulated-drivers=0"})
class WebPagesTest {

    static final String NO_BROWSER = "No Chromium and chromedriver on the PATH for this test";

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static ChromeDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("taxiride-web");
        registry.add("taxiride.data-dir", dataDir::toString);
    }

    @BeforeAll
    static void startBrowser() {
        Optional<File> chromium = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<File> driver = onPath("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(),
                               NO_BROWSER + ": install Debian's chromium and chromium-driver (.ci/run does)");
        // No sandbox (CI runs as root); nothing of Chromium's own on the network, which a closed machine refuses.
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get())
                                                   .addArguments("--headless=new", "--no-sandbox",
                                                                 "--disable-dev-shm-usage", "--disable-gpu",
                                                                 "--no-first-run", "--disable-background-networking",
                                                                 "--disable-component-update", "--disable-sync",
                                                                 "--window-size=1200,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get())
                                                                       .usingAnyFreePort()
                                                                       .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPassengerAndADriverRideTogetherThroughTheirPages() {
        String driverTab = browser.getWindowHandle();
        open("/driver.html");
        signIn("d-web-1");
        click("online-button");
        awaitText("driver-status", "AVAILABLE");

        browser.switchTo().newWindow(WindowType.TAB);
        String passengerTab = browser.getWindowHandle();
        open("/");
        signIn("u-web-1");
        awaitVisible("call-section");
        click("call-button");
        awaitText("ride-drive", "OFFERED");
        String callId = text("ride-id");

        browser.switchTo().window(driverTab);
        awaitVisible("offer");
        assertThat(text("offer-call")).isEqualTo(callId);
        assertThat(text("offer-distance")).isEqualTo("3.5 km");
        assertThat(text("offer-expires")).matches("\\d+ s");
        click("accept-button");
        awaitText("driver-status", "ON_RIDE");
        awaitVisible("drive");
        click("offline-button");
        awaitVisible("error");
        assertThat(text("error")).startsWith("409 DRIVER_ON_RIDE");

        browser.switchTo().window(passengerTab);
        awaitText("ride-status", "DRIVER_ASSIGNED");
        assertThat(text("ride-driver")).isEqualTo("Han Jisoo");
        assertThat(text("ride-taxi")).isEqualTo("11-2233");
        assertThat(element("cancel-button").isDisplayed()).isTrue();

        browser.switchTo().window(driverTab);
        click("start-button");
        awaitVisible("end-button");
        browser.switchTo().window(passengerTab);
        awaitText("ride-status", "IN_PROGRESS");
        assertThat(element("cancel-button").isDisplayed()).isFalse();

        browser.switchTo().window(driverTab);
        click("end-button");
        awaitText("driver-status", "AVAILABLE");
        assertThat(element("drive").isDisplayed()).isFalse();

        browser.switchTo().window(passengerTab);
        awaitText("ride-status", "COMPLETED");
        assertThat(text("ride-payment")).isEqualTo("PAID");
        List<String> steps = browser.findElements(By.cssSelector("#ride-steps .step")).stream()
                                    .map(WebElement::getText)
                                    .toList();
        assertThat(steps).containsSubsequence("DRIVER_ASSIGNED", "IN_PROGRESS", "COMPLETED");
        assertThat(steps.get(steps.size() - 1)).isEqualTo("COMPLETED");
    }

    /**
     * The app's position reports, typed in and from the device's location as it moves (Chromium's emulated location,
     * set through chromedriver's DevTools command): each shows as where dispatch sees the driver, read back from the
     * driver's stream.
     */
    @Test
    void aDriverReportsWhereTheyAreByHandAndFromTheDevicesLocation() {
        open("/driver.html");
        signIn("d-web-3");
        click("online-button");
        awaitText("driver-status", "AVAILABLE");
        awaitText("driver-position", "37.5668, 126.9785");

        type("lat", "37.5701");
        type("lon", "126.9822");
        click("move-button");
        awaitText("driver-position", "37.5701, 126.9822");

        browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", "http://localhost:" + port,
                                                                     "permissions", List.of("geolocation")));
        browser.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", 37.5512,
                                                                            "longitude", 126.9882,
                                                                            "accuracy", 10));
        click("share-location");
        awaitText("driver-position", "37.5512, 126.9882");
        assertThat(element("lat").getDomProperty("value")).isEqualTo("37.551200");
        assertThat(element("error").isDisplayed()).isFalse();

        // Offline, so the ride of the other test is offered to its own driver.
        click("share-location");
        click("offline-button");
        awaitText("driver-status", "OFFLINE");
    }

    @Test
    void aRefusalIsShownAsTheProblemItIs() {
        open("/");
        signIn("u-web-2");
        awaitVisible("call-section");
        WebElement distance = element("distance");
        distance.clear();
        distance.sendKeys("0");
        click("call-button");
        awaitVisible("error");
        assertThat(text("error")).startsWith("400");
        assertThat(element("ride-section").isDisplayed()).isFalse();
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private void signIn(String id) {
        WebElement subject = element("subject");
        subject.clear();
        subject.sendKeys(id);
        click("sign-in-button");
        awaitText("signed-in", id);
    }

    private static void type(String id, String value) {
        WebElement field = element(id);
        field.clear();
        field.sendKeys(value);
    }

    private static void click(String id) {
        element(id).click();
    }

    private static WebElement element(String id) {
        return browser.findElement(By.id(id));
    }

    private static String text(String id) {
        return element(id).getText();
    }

    private static void awaitText(String id, String expected) {
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.textToBe(By.id(id), expected));
    }

    private static void awaitVisible(String id) {
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private static Optional<File> onPath(String... names) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                     .flatMap(directory -> Arrays.stream(names).map(name -> new File(directory, name)))
                     .filter(File::canExecute)
                     .findFirst();
    }
}
