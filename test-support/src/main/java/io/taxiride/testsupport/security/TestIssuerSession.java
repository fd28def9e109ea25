package io.taxiride.testsupport.security;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before any test of the JVM runs, makes every Spring application it starts trust the {@link TestIssuer} and switches
 * the development issuer off, as system properties: a test's own properties still override them (a test of the
 * development issuer switches it on again).
 */
public class TestIssuerSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestIssuer.properties().forEach(System::setProperty);
    }
}
