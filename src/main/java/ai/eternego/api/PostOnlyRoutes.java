package ai.eternego.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/persona/create} and {@code /api/persona/migrate} take only POST. Without this, another
 * method falls through to {@code /api/persona/{id}} and is answered as if "create" were a bad id; a
 * wrong method on a known path is a 405 that says which method to use.
 */
@ApplicationScoped
public class PostOnlyRoutes {

    static final List<String> PATHS = List.of("/api/persona/create", "/api/persona/migrate");

    void install(@Observes Router router) {
        for (String path : PATHS) {
            // after the guard (Host, token, size), before every resource
            router.route(path).order(Integer.MIN_VALUE + 2).handler(this::check);
        }
    }

    private void check(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.POST || method == HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "POST")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("detail", "This route takes POST only: send POST " + ctx.normalizedPath()
                        + " (see /q/swagger-ui for the API).").encode());
    }
}
