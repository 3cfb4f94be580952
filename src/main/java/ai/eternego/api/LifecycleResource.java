package ai.eternego.api;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ai.eternego.api.LifecycleResponses.Changed;
import ai.eternego.api.LifecycleResponses.DeletedBody;
import ai.eternego.api.LifecycleResponses.DiagnosisBody;
import ai.eternego.api.LifecycleResponses.Personas;
import ai.eternego.api.LifecycleResponses.SleptBody;
import ai.eternego.core.PersonaId;
import ai.eternego.persona.PersonaCommands;
import ai.eternego.persona.PersonaQueries;
import ai.eternego.persona.PersonaUpdater;
import ai.eternego.provider.ProviderClients;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;

/** Everything after she exists: read her, start, stop, sleep, export, delete. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lifecycle")
public class LifecycleResource {

    private static final Logger LOG = Logger.getLogger(LifecycleResource.class);

    private final PersonaQueries queries;
    private final PersonaCommands commands;
    private final PersonaUpdater updater;
    private final ProviderClients providers;

    public LifecycleResource(PersonaQueries queries, PersonaCommands commands, PersonaUpdater updater,
            ProviderClients providers) {
        this.queries = queries;
        this.commands = commands;
        this.updater = updater;
        this.providers = providers;
    }

    @GET
    @Path("/personas")
    @Operation(summary = "Every persona, without her secrets")
    public Uni<Personas> list() {
        return queries.list().map(states -> new Personas(states.stream().map(PersonaView::of).toList()));
    }

    @GET
    @Path("/persona/{id}")
    @Operation(summary = "One persona, without her secrets")
    public Uni<PersonaView> view(@PathParam("id") String id) {
        return queries.view(id).map(PersonaView::of);
    }

    @GET
    @Path("/persona/{id}/diagnose")
    @Operation(summary = "Her status, whether she runs, her recent heartbeats and her last diary")
    public Uni<DiagnosisBody> diagnose(@PathParam("id") String id) {
        return queries.diagnose(id).map(DiagnosisBody::of);
    }

    @POST
    @Path("/persona/{id}/start")
    @Operation(summary = "Start her (a running persona stays running)")
    public Uni<Changed> start(@PathParam("id") String id) {
        return commands.start(id).map(Changed::of);
    }

    @POST
    @Path("/persona/{id}/stop")
    @Operation(summary = "Stop her (409 when she is not running)")
    public Uni<Changed> stop(@PathParam("id") String id) {
        return commands.stop(id).map(Changed::of);
    }

    @POST
    @Path("/persona/{id}/restart")
    @Operation(summary = "Stop and start her")
    public Uni<Changed> restart(@PathParam("id") String id) {
        return commands.restart(id).map(Changed::of);
    }

    @POST
    @Path("/persona/{id}/update")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change her status, organs and channels", description = "status: active or hibernate; "
            + "an organ as {model, provider, api_key, url} under its key; clear_<organ> for optional organs; "
            + "telegram_token/discord_token replace a channel, clear_telegram/clear_discord remove it. Every declared "
            + "part is prepared as at create; nothing changes unless all prepare.")
    @APIResponse(responseCode = "200", description = "Her view after the update, without secrets")
    @APIResponse(responseCode = "400", description = "A part could not be prepared, or the change is not allowed")
    @APIResponse(responseCode = "404", description = "No such persona")
    @APIResponse(responseCode = "422", description = "The body failed validation")
    public Uni<Changed> update(@PathParam("id") String id,
            @Valid @NotNull(message = "is required") PersonaUpdateRequest body) {
        PersonaId.require(id);
        return updater.update(id, body.toChange()).map(Changed::of);
    }

    @POST
    @Path("/persona/{id}/sleep")
    @Operation(summary = "She writes her diary now")
    public Uni<SleptBody> sleep(@PathParam("id") String id) {
        return commands.sleep(id).map(SleptBody::of);
    }

    @GET
    @Path("/persona/{id}/export")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download a diary of her as she is now, as <id>.diary", description = "Changes nothing: "
            + "the diary is written aside for this download, her kept diaries are not touched.")
    public Uni<Response> export(@PathParam("id") String id, @Context RoutingContext request) {
        return commands.exportDiary(id).map(diary -> {
            request.addEndHandler(sent -> Infrastructure.getDefaultWorkerPool().execute(() -> removeQuietly(diary)));
            return diary;
        }).map(diary -> Response.ok(diary.toFile())
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + id + ".diary\"")
                .build());
    }

    private static void removeQuietly(java.nio.file.Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not remove an exported diary: %s", e.getClass().getSimpleName());
        }
    }

    @POST
    @Path("/persona/{id}/delete")
    @Operation(summary = "Delete her; a diary of her state now is kept under archive/ unless purge=true")
    public Uni<DeletedBody> delete(@PathParam("id") String id,
            @QueryParam("purge") @DefaultValue("false") boolean purge) {
        return commands.delete(id, purge).map(DeletedBody::of);
    }

    @DELETE
    @Path("/persona/{id}")
    @Operation(summary = "Delete her (REST alias of POST /api/persona/{id}/delete)")
    public Uni<DeletedBody> deleteAlias(@PathParam("id") String id,
            @QueryParam("purge") @DefaultValue("false") boolean purge) {
        return delete(id, purge);
    }

    @GET
    @Path("/config/providers")
    @Operation(summary = "The default base URL of each provider")
    public Map<String, String> providers() {
        return providers.defaultUrls();
    }
}
