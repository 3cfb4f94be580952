package ai.eternego.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import ai.eternego.store.Disk;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Failures that happen outside a resource method, where the exception mappers never see them (the
 * multipart parser writing an upload, the body reader): they too leave as {@code {"detail": ...}}, a
 * full disk as 507, never as the framework's error page.
 */
@ApplicationScoped
public class FailureResponder {

    private static final Logger LOG = Logger.getLogger(FailureResponder.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::respond);
    }

    private void respond(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable failure = ctx.failure();
        int status;
        String detail;
        if (failure != null && Disk.isFull(failure)) {
            status = 507;
            detail = "The disk is full, so the upload could not be received. Free some space and try again;"
                    + " nothing was changed.";
        } else if (failure instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse().getStatus() < 500) {
            status = web.getResponse().getStatus();
            detail = status == 413 ? "The request is too large." : "The request was refused (" + status + ").";
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            // the client's fault, as the router saw it (a malformed Host, a body over the limit)
            status = ctx.statusCode();
            detail = status == 413 ? "The request is too large." : "The request was refused (" + status + ").";
        } else {
            status = 500;
            detail = "Something went wrong on our side"
                    + (failure == null ? "." : ": " + failure.getClass().getSimpleName() + ".");
        }
        if (status >= 500) {
            LOG.warnf("Answered %d outside a resource: %s", status,
                    failure == null ? "no exception" : failure.getClass().getName());
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("detail", detail).encode());
    }
}
