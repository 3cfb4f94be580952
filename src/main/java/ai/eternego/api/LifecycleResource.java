package ai.eternego.api;

import java.util.List;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import ai.eternego.persona.LifecycleService;
import ai.eternego.persona.PersonaView;
import io.smallrye.mutiny.Uni;

/** Everything after she exists: read her, start, stop, sleep, export, delete. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lifecycle")
public class LifecycleResource {

    private final LifecycleService lifecycle;

    public LifecycleResource(LifecycleService lifecycle) {
        this.lifecycle = lifecycle;
    }

    public record Personas(List<PersonaView> personas) {
    }

    @GET
    @Path("/personas")
    @Operation(summary = "Every persona, without her secrets")
    public Uni<Personas> list() {
        return lifecycle.list().map(Personas::new);
    }

    @GET
    @Path("/persona/{id}")
    @Operation(summary = "One persona, without her secrets")
    public Uni<PersonaView> view(@PathParam("id") String id) {
        return lifecycle.view(id);
    }

    @GET
    @Path("/persona/{id}/diagnose")
    @Operation(summary = "Her status, whether she runs, her recent heartbeats and her last diary")
    public Uni<LifecycleService.Diagnosis> diagnose(@PathParam("id") String id) {
        return lifecycle.diagnose(id);
    }

    @POST
    @Path("/persona/{id}/start")
    @Operation(summary = "Start her (a running persona stays running)")
    public Uni<LifecycleService.Changed> start(@PathParam("id") String id) {
        return lifecycle.start(id);
    }

    @POST
    @Path("/persona/{id}/stop")
    @Operation(summary = "Stop her (409 when she is not running)")
    public Uni<LifecycleService.Changed> stop(@PathParam("id") String id) {
        return lifecycle.stop(id);
    }

    @POST
    @Path("/persona/{id}/restart")
    @Operation(summary = "Stop and start her")
    public Uni<LifecycleService.Changed> restart(@PathParam("id") String id) {
        return lifecycle.restart(id);
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
    public Uni<LifecycleService.Changed> update(@PathParam("id") String id,
            @Valid @NotNull(message = "is required") PersonaUpdateRequest body) {
        return lifecycle.update(id, body);
    }

    @POST
    @Path("/persona/{id}/sleep")
    @Operation(summary = "She writes her diary now")
    public Uni<LifecycleService.Slept> sleep(@PathParam("id") String id) {
        return lifecycle.sleep(id);
    }

    @GET
    @Path("/persona/{id}/export")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Write her diary now and download it as <id>.diary")
    public Uni<Response> export(@PathParam("id") String id) {
        return lifecycle.freshDiary(id).map(diary -> Response.ok(diary.toFile())
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + id + ".diary\"")
                .build());
    }

    @POST
    @Path("/persona/{id}/delete")
    @Operation(summary = "Delete her; her newest diary is kept under archive/ unless purge=true")
    public Uni<LifecycleService.Deleted> delete(@PathParam("id") String id,
            @QueryParam("purge") @DefaultValue("false") boolean purge) {
        return lifecycle.delete(id, purge);
    }

    @DELETE
    @Path("/persona/{id}")
    @Operation(summary = "Delete her (REST alias of POST /api/persona/{id}/delete)")
    public Uni<LifecycleService.Deleted> deleteAlias(@PathParam("id") String id,
            @QueryParam("purge") @DefaultValue("false") boolean purge) {
        return lifecycle.delete(id, purge);
    }

    @GET
    @Path("/config/providers")
    @Operation(summary = "The default base URL of each provider")
    public Map<String, String> providers() {
        return lifecycle.providers();
    }
}
