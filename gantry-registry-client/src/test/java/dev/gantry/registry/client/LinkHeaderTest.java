package dev.gantry.registry.client;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Link header of paged tag, catalog and referrers listings. */
class LinkHeaderTest {
    private static final URI PAGE = URI.create("http://127.0.0.1:5000/v2/_catalog?n=1");

    @Test
    void theNextPageIsResolvedAgainstThePageThatNamedIt() {
        assertThat(LinkHeader.next(Optional.of("</v2/_catalog?last=demo%2Fhello&n=1>; rel=\"next\""), PAGE))
                .contains(URI.create("http://127.0.0.1:5000/v2/_catalog?last=demo%2Fhello&n=1"));
        assertThat(LinkHeader.next(Optional.of("</v2/x>; rel=\"prev\""), PAGE)).isEmpty();
        assertThat(LinkHeader.next(Optional.empty(), PAGE)).isEmpty();
    }

    /** Found by ClientHeadersFuzzTest.link: a target that is no URI reference threw IllegalArgumentException. */
    @Test
    void aNextPageThatIsNoUriIsTheRegistrysErrorNamingIt() {
        for (String target : new String[] {"/v2/_catalog?last=demo%rFhello&n=1", "/v2/a b", "http://[::1/x"}) {
            assertThatThrownBy(() -> LinkHeader.next(Optional.of("<" + target + ">; rel=\"next\""), PAGE))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("Link header")
                    .hasMessageContaining(target);
        }
    }
}
