package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The client cache keyed by people's URLs stays bounded, and what it evicts is built anew when needed. */
@QuarkusTest
class RestClientsTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Inject
    RestClients clients;

    @Test
    void theCacheKeepsAtMostMaxClientsLeastRecentlyUsedFirstOut() {
        OpenAiApi first = clients.get(OpenAiApi.class, url(0), SECOND, SECOND);
        assertSame(first, clients.get(OpenAiApi.class, url(0), SECOND, SECOND));
        for (int i = 1; i <= RestClients.MAX + 10; i++) {
            clients.get(OpenAiApi.class, url(i), SECOND, SECOND);
        }
        assertEquals(RestClients.MAX, clients.size());
        assertNotSame(first, clients.get(OpenAiApi.class, url(0), SECOND, SECOND));
        assertEquals(RestClients.MAX, clients.size());
    }

    private static URI url(int i) {
        return URI.create("http://127.0.0.1:9/client-" + i + "/v1");
    }
}
