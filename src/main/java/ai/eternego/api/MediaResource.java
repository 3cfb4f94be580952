package ai.eternego.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ai.eternego.api.ConversationResource.Received;
import ai.eternego.core.Blocking;
import ai.eternego.core.Refusal;
import ai.eternego.persona.Perception;
import ai.eternego.store.MediaStore;
import io.smallrye.mutiny.Uni;

/**
 * Her media over HTTP: an image, a voice or a document handed to her from the web page (her organs take it in,
 * then she answers as to {@code /hear}), and her media files (images, voices, documents she received or made)
 * served only from inside her {@code media/}.
 */
@Path("/api")
@Tag(name = "Conversation")
public class MediaResource {

    private final MediaStore media;
    private final Perception perception;

    public MediaResource(MediaStore media, Perception perception) {
        this.media = media;
        this.perception = perception;
    }

    @POST
    @Path("/persona/{id}/see")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Show her an image", description = "Multipart `image` (PNG, JPEG, GIF or WebP) and `caption` "
            + "(the question for her eye). Kept in her media/, looked at by her eye, then she answers in her "
            + "conversation (see GET /conversation and /events), as to /hear.")
    @APIResponse(responseCode = "200", description = "Received: {\"status\":\"received\"}")
    @APIResponse(responseCode = "400", description = "Not an image, a file name with a path, or a caption too long")
    @APIResponse(responseCode = "409", description = "She is not running")
    @APIResponse(responseCode = "413", description = "Larger than eternego.media.image-max-bytes")
    @APIResponse(responseCode = "422", description = "No image part")
    public Uni<Received> see(@PathParam("id") String id, MediaForm form) {
        return take(id, form.image());
    }

    @POST
    @Path("/persona/{id}/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send her a voice, an audio file or a document", description = "Multipart `file` and "
            + "`caption`; its kind by its content type: audio (her ear transcribes it and she hears the words; she "
            + "answers by voice too when she has a mouth), a PDF, text or markdown document (her researcher reads "
            + "it), or an image (her eye looks at it). Answered as /hear.")
    @APIResponse(responseCode = "200", description = "Received: {\"status\":\"received\"}")
    @APIResponse(responseCode = "400", description = "A type she does not keep, a file name with a path, or a caption too long")
    @APIResponse(responseCode = "409", description = "She is not running")
    @APIResponse(responseCode = "413", description = "Larger than the eternego.media.*-max-bytes of its kind")
    @APIResponse(responseCode = "422", description = "No file part")
    public Uni<Received> upload(@PathParam("id") String id, MediaForm form) {
        return take(id, form.file());
    }

    private Uni<Received> take(String id, MediaForm.Upload upload) {
        long limit = media.limit(upload.kind());
        if (upload.part().size() > limit) {
            throw Refusal.tooLarge("This " + upload.kind().word() + " is larger than " + limit / (1024 * 1024)
                    + " MB; send a smaller one.");
        }
        return perception.perceive(id, upload.kind(), upload.part().uploadedFile(), upload.part().contentType(),
                upload.caption(), ConversationResource.WEB).map(kept -> new Received("received"));
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
