package ai.eternego.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.restassured.path.json.JsonPath;

/**
 * Follows {@code GET /api/persona/{id}/events} as a browser's EventSource would: every event told is
 * collected with its name and data, and {@link #ended} completes when the server ends the stream.
 */
public final class Following implements AutoCloseable {

    /** One server-sent event. */
    public record Event(String name, JsonPath data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> opened;
    public final CompletableFuture<Void> ended = new CompletableFuture<>();

    public Following(int port, String id) {
        opened = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/persona/" + id + "/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        opened.thenAcceptAsync(response -> {
            String name = null;
            try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        events.add(new Event(name, JsonPath.from(line.substring(5))));
                    }
                }
                ended.complete(null);
            } catch (RuntimeException e) {
                ended.completeExceptionally(e);
            }
        });
    }

    /** Every event told so far, in order. */
    public List<Event> events() {
        return new ArrayList<>(events);
    }

    /** The events told after the first {@code skip}. */
    public List<Event> since(int skip) {
        List<Event> all = events();
        return all.subList(Math.min(skip, all.size()), all.size());
    }

    /** The names of {@code events}. */
    public static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }

    @Override
    public void close() {
        opened.thenAccept(response -> response.body().close());
        opened.cancel(true);
    }
}
