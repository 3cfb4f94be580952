package ai.eternego.provider;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Typed REST clients built per base URL (each organ may name its own server), one per (interface, base
 * URL, timeouts), reused. The base URLs come from people, so the cache is bounded: past {@link #MAX}
 * clients the least recently used one is closed and forgotten (it is built again when needed).
 */
@ApplicationScoped
public class RestClients {

    static final int MAX = 64;

    private static final Logger LOG = Logger.getLogger(RestClients.class);

    private record Key(Class<?> api, URI baseUri, Duration connectTimeout, Duration readTimeout) {
    }

    private final Map<Key, Object> clients = new LinkedHashMap<>(16, 0.75f, true);

    public <T> T get(Class<T> api, URI baseUri, Duration connectTimeout, Duration readTimeout) {
        Key key = new Key(api, baseUri, connectTimeout, readTimeout);
        List<Object> evicted = new ArrayList<>();
        Object client;
        synchronized (clients) {
            client = clients.get(key);
            if (client == null) {
                client = QuarkusRestClientBuilder.newBuilder()
                        .baseUri(baseUri)
                        .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .followRedirects(false)
                        .build(api);
                clients.put(key, client);
                var oldest = clients.entrySet().iterator();
                while (clients.size() > MAX) {
                    evicted.add(oldest.next().getValue());
                    oldest.remove();
                }
            }
        }
        evicted.forEach(RestClients::closeQuietly);
        return api.cast(client);
    }

    /** How many clients are kept now. */
    int size() {
        synchronized (clients) {
            return clients.size();
        }
    }

    @PreDestroy
    void close() {
        List<Object> all;
        synchronized (clients) {
            all = new ArrayList<>(clients.values());
            clients.clear();
        }
        all.forEach(RestClients::closeQuietly);
    }

    private static void closeQuietly(Object client) {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // a client that cannot close cleanly is gone all the same; its URL may carry a token
                LOG.debugf("A REST client did not close cleanly: %s", e.getClass().getSimpleName());
            }
        }
    }
}
