package ai.eternego.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.memory.CalendarView;
import ai.eternego.memory.Knowledge;
import ai.eternego.memory.KnowledgeView;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** Her memory on view: what she knows, her calendar, and a person's correction of a file she knows. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Memory")
public class MemoryResource {

    private final Knowledge knowledge;

    public MemoryResource(Knowledge knowledge) {
        this.knowledge = knowledge;
    }

    @RegisterForReflection
    public record Saved(@JsonProperty("status") String status, @JsonProperty("file") String file) {
    }

    @GET
    @Path("/persona/{id}/knowledge")
    @Operation(summary = "What she knows", description = "{memory: {<file name>: <text>}, instruction: [{file, "
            + "intention, body, source}]}: her identity files present in her home, and her meanings and lessons.")
    public Uni<KnowledgeView> knowledge(@PathParam("id") String id) {
        return knowledge.knowledge(id);
    }

    @PUT
    @Path("/persona/{id}/knowledge/{file}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Correct a file she knows by hand", description = "The body (UTF-8 text) replaces the file "
            + "whole, atomically; she reads it at her next turn. Only person.md, traits.md, wishes.md, struggles.md, "
            + "persona-trait.md, permissions.md and notes.md; 413 over eternego.memory.max-file-bytes.")
    public Uni<Saved> correct(@PathParam("id") String id, @PathParam("file") String file, byte[] body) {
        return knowledge.correct(id, file, body).map(done -> new Saved("saved", file));
    }

    @GET
    @Path("/persona/{id}/calendar")
    @Operation(summary = "Her calendar between two ISO dates", description = "{start, end, history: {conversation, "
            + "schedule, reminder}, destiny: {schedule, reminder}}, events in [start, end); 400 when a date is not ISO.")
    public Uni<CalendarView> calendar(@PathParam("id") String id, @QueryParam("start") String start,
            @QueryParam("end") String end) {
        return knowledge.calendar(id, start, end);
    }
}
