package ai.eternego.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.eternego.config.EternegoConfig;

/**
 * Binding beyond loopback without a token refuses to start, and says why. {@link Guard} is built
 * directly here, with a configuration stub; {@code ai.eternego.it.PackagedServiceIT} proves the same
 * with the packaged jar and {@code -Dquarkus.http.host=0.0.0.0}.
 */
class GuardStartupTest {

    static EternegoConfig config(String token) {
        EternegoConfig.Api api = (EternegoConfig.Api) Proxy.newProxyInstance(GuardStartupTest.class.getClassLoader(),
                new Class<?>[] { EternegoConfig.Api.class }, (p, m, a) -> switch (m.getName()) {
                    case "token" -> Optional.ofNullable(token);
                    case "allowedHosts" -> Optional.of(List.<String>of());
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        EternegoConfig.Diary diary = (EternegoConfig.Diary) Proxy.newProxyInstance(
                GuardStartupTest.class.getClassLoader(), new Class<?>[] { EternegoConfig.Diary.class },
                (p, m, a) -> switch (m.getName()) {
                    case "maxUploadBytes" -> 1L << 30;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (EternegoConfig) Proxy.newProxyInstance(GuardStartupTest.class.getClassLoader(),
                new Class<?>[] { EternegoConfig.class }, (p, m, a) -> switch (m.getName()) {
                    case "api" -> api;
                    case "diary" -> diary;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0", "::", "[::]", "192.168.1.20", "10.0.0.1", "example.org", "127.0.0.1.nip.io" })
    void anotherAddressWithoutATokenRefusesToStart(String bind) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new Guard(config(null), bind));
        assertTrue(refused.getMessage().contains("ETERNEGO_API_TOKEN"), refused.getMessage());
        assertTrue(refused.getMessage().contains(bind), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> new Guard(config("   "), bind), "a blank token is no token");
        assertDoesNotThrow(() -> new Guard(config("a-long-random-secret"), bind));
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2" })
    void loopbackNeedsNoToken(String bind) {
        assertDoesNotThrow(() -> new Guard(config(null), bind));
    }
}
