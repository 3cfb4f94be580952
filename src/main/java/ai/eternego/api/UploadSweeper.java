package ai.eternego.api;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * No upload outlives its request. The multipart parser removes the files of the forms it finished
 * reading, but a form it gives up on half-way (a malformed part header, a limit crossed) leaves its
 * temporary file behind in the uploads directory. So: when the last multipart request in flight has
 * ended, whatever is left in the uploads directory belongs to no one and is removed. While another
 * upload is still in flight nothing is touched; starting an upload and sweeping are mutually exclusive.
 * A request answered early (413, a malformed form) may still be receiving its body, and its parser may
 * still open a file after the answer: the sweep is repeated 1 s and 5 s later, again only when no
 * upload is in flight.
 */
@ApplicationScoped
public class UploadSweeper {

    private static final Logger LOG = Logger.getLogger(UploadSweeper.class);

    private final Path uploads;
    private int inFlight;

    public UploadSweeper(@ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads) {
        this.uploads = Path.of(uploads);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::track);
    }

    private void track(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            synchronized (this) {
                inFlight++;
            }
            ctx.addEndHandler(done -> {
                ended();
                ctx.vertx().setTimer(1000, t -> sweepLater());
                ctx.vertx().setTimer(5000, t -> sweepLater());
            });
        }
        ctx.next();
    }

    private void ended() {
        synchronized (this) {
            inFlight = Math.max(0, inFlight - 1);
        }
        sweepLater();
    }

    /** Listing and deleting files is disk work: it runs on a worker, never on the event loop. */
    private void sweepLater() {
        Infrastructure.getDefaultWorkerPool().execute(this::sweepIfIdle);
    }

    private synchronized void sweepIfIdle() {
        if (inFlight > 0) {
            return;
        }
        if (!Files.isDirectory(uploads)) {
            return;
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(uploads)) {
            for (Path file : left) {
                if (Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                    LOG.debugf("Removed an upload its request left behind: %s", file.getFileName());
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not tidy the uploads directory: %s", e.getClass().getSimpleName());
        }
    }
}
