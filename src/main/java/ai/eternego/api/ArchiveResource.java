package ai.eternego.api;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.core.Blocking;
import ai.eternego.store.Archives;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The diaries kept from deleted personas: list them, remove one. */
@Path("/api/archives")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Archives")
public class ArchiveResource {

    private final Archives archives;

    public ArchiveResource(Archives archives) {
        this.archives = archives;
    }

    @RegisterForReflection
    public record ArchiveList(@JsonProperty("archives") List<Archives.Archive> archives) {
    }

    @RegisterForReflection
    public record Removed(@JsonProperty("detail") String detail) {
    }

    @GET
    @Operation(summary = "The archived diaries of deleted personas, by name then date")
    public Uni<ArchiveList> list() {
        return Blocking.run(archives::list).map(ArchiveList::new);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove an archived diary for good")
    @APIResponse(responseCode = "200", description = "The archived diary is removed")
    @APIResponse(responseCode = "400", description = "The id is not a lower-case UUID")
    @APIResponse(responseCode = "404", description = "No archived diary has this id")
    public Uni<Removed> delete(@PathParam("id") String id) {
        return Blocking.run(() -> {
            archives.delete(id);
            return new Removed("Her archived diary is removed.");
        });
    }
}
