/**
 * Test support shared by every module's tests: peer tools (skopeo, umoci, docker-registry, ...)
 * run with timeouts, and tiny images built with them at test time.
 */
module dev.gantry.testkit {
    requires org.junit.jupiter.api;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.compress;
    requires jdk.httpserver;

    exports dev.gantry.testing;
}
