package ai.eternego.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ai.eternego.core.Blocking;
import ai.eternego.store.MediaStore;
import io.smallrye.mutiny.Uni;

/** Serves her media files (images, voices, documents she received or made), only from inside her {@code media/}. */
@Path("/api")
@Tag(name = "Conversation")
public class MediaResource {

    private final MediaStore media;

    public MediaResource(MediaStore media) {
        this.media = media;
    }

    @GET
    @Path("/persona/{id}/media/{file}")
    @Operation(summary = "One of her media files", description = "Served with its content type, never from outside her media/.")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "400", description = "The id is not a UUID, or the name has a path separator or '..'")
    @APIResponse(responseCode = "404", description = "No such persona, or no such file in her media/")
    public Uni<Response> file(@PathParam("id") String id, @PathParam("file") String file) {
        return Blocking.run(() -> media.open(id, file))
                .map(found -> Response.ok(found.path().toFile())
                        .type(found.contentType())
                        .header("Content-Length", found.size())
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Content-Security-Policy", "sandbox")
                        .header("Content-Disposition", "inline; filename=\"" + found.name() + "\"")
                        .build());
    }
}
