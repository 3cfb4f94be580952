package ai.eternego.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;

import ai.eternego.organ.ProgressSink;
import ai.eternego.persona.Migration;
import ai.eternego.persona.PersonaService;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Brings personas into being: create (and, with {@code Accept: text/event-stream}, its progress). */
@Path("/api")
@Tag(name = "Create and migrate")
public class PersonaResource {

    private final PersonaService personas;

    public PersonaResource(PersonaService personas) {
        this.personas = personas;
    }

    @POST
    @Path("/persona/create")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a persona", description = "Validates her organs and channels, writes her files and her first diary, generates her recovery phrase and starts her.")
    @APIResponse(responseCode = "200", description = "Her record as saved and her recovery phrase, shown once")
    @APIResponse(responseCode = "400", description = "An organ or a channel could not be prepared")
    @APIResponse(responseCode = "422", description = "The body failed validation")
    @APIResponse(responseCode = "500", description = "She was created but failed to start")
    @CustomDeserialization(StrictReader.class)
    public Uni<CreateResponse> create(@Valid @NotNull(message = "is required") PersonaCreateRequest body) {
        return personas.create(body.toNewPersona(), ProgressSink.NONE).map(CreateResponse::of);
    }

    @POST
    @Path("/persona/create")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Create a persona, streaming progress", description = "One `progress` event per step of each organ and channel, then one `result` event carrying exactly the JSON body of the plain create, or one `error` event with its status and detail.")
    @CustomDeserialization(StrictReader.class)
    public Multi<OutboundSseEvent> createWithProgress(@Valid @NotNull(message = "is required") PersonaCreateRequest body,
            @Context Sse sse) {
        return ProgressStream.of(sse, sink -> personas.create(body.toNewPersona(), sink).map(CreateResponse::of));
    }

    @POST
    @Path("/persona/migrate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Migrate a persona", description = "Restores her from her diary and 24-word phrase, with the organs and channels declared here.")
    @APIResponse(responseCode = "200", description = "Her record after migration")
    @APIResponse(responseCode = "400", description = "The diary could not be restored, or an organ or channel could not be prepared")
    @APIResponse(responseCode = "409", description = "A persona with this id already lives here")
    @APIResponse(responseCode = "413", description = "The upload is larger than eternego.diary.max-upload-bytes")
    @APIResponse(responseCode = "422", description = "diary, phrase or model is missing")
    @APIResponse(responseCode = "500", description = "She was migrated but failed to start")
    public Uni<PersonaResponse> migrate(MigrateForm form) {
        return personas.migrate(form.toMigration(sentFields()), ProgressSink.NONE).map(PersonaResponse::new);
    }

    @POST
    @Path("/persona/migrate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Migrate a persona, streaming progress")
    public Multi<OutboundSseEvent> migrateWithProgress(MigrateForm form, @Context Sse sse) {
        Migration migration = form.toMigration(sentFields());
        return ProgressStream.of(sse, sink -> personas.migrate(migration, sink).map(PersonaResponse::new));
    }

    /** The names of every part the form was sent with, as the multipart parser read them. */
    private static List<String> sentFields() {
        FormData form = CurrentRequestManager.get().getFormData();
        List<String> names = new ArrayList<>();
        if (form != null) {
            form.forEach(names::add);
        }
        return names;
    }
}
