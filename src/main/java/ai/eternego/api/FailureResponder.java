package ai.eternego.api;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

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
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten()) {
            if (clientsFault(ctx, failure)) {
                // the client was already answered (413, a malformed form) while the parser went on reading
                // its body: a client's mistake is not our error, and needs no stack trace
                LOG.debugf("After answering, a request still failed: %s", failure.getClass().getSimpleName());
                if (!ctx.response().ended()) {
                    ctx.response().close();
                }
                return;
            }
            ctx.next();
            return;
        }
        int status;
        String detail;
        if (failure != null && Disk.isFull(failure)) {
            status = 507;
            detail = "The disk is full, so the upload could not be received. Free some space and try again;"
                    + " nothing was changed.";
        } else if (failure instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse().getStatus() < 500) {
            status = web.getResponse().getStatus();
            detail = status == 413 ? "The request is too large." : "The request was refused (" + status + ").";
        } else if (brokenUpload(ctx, failure)) {
            status = 400;
            detail = "The multipart form ended before it was complete, or is malformed; send it again as curl -F"
                    + " or a browser form does.";
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

    private static boolean clientsFault(RoutingContext ctx, Throwable failure) {
        return failure instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse().getStatus() < 500
                || failure instanceof MultipartParser.MalformedMessageException
                || brokenUpload(ctx, failure);
    }

    /**
     * The multipart parser gave up on the body itself (it ended mid-part, a boundary never came): the
     * client's fault. A refusal of our own disk (a file-system error) is not, and stays a 500.
     */
    private static boolean brokenUpload(RoutingContext ctx, Throwable failure) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException) {
                return false;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
