package ai.eternego.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Typed REST clients built per base URL (each organ may name its own server), one per
 * (interface, base URL, read timeout), reused for the life of the service.
 */
@ApplicationScoped
public class RestClients {

    private record Key(Class<?> api, URI baseUri, Duration connectTimeout, Duration readTimeout) {
    }

    private final Map<Key, Object> clients = new ConcurrentHashMap<>();

    public <T> T get(Class<T> api, URI baseUri, Duration connectTimeout, Duration readTimeout) {
        Key key = new Key(api, baseUri, connectTimeout, readTimeout);
        return api.cast(clients.computeIfAbsent(key, k -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUri)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .build(api)));
    }

    @PreDestroy
    void close() {
        clients.values().forEach(client -> {
            if (client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // shutting down: nothing left to tell anyone
                }
            }
        });
        clients.clear();
    }
}
