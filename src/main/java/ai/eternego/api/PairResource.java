package ai.eternego.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.api.LifecycleResponses.Changed;
import ai.eternego.core.PersonaId;
import ai.eternego.door.Pairing;
import ai.eternego.persona.PersonaQueries;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** Pairs one of her channels to the chat that was given the code. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lifecycle")
public class PairResource {

    private final Pairing pairing;
    private final PersonaQueries queries;

    public PairResource(Pairing pairing, PersonaQueries queries) {
        this.pairing = pairing;
        this.queries = queries;
    }

    /** The body of a pairing: the code her bot gave the chat. */
    @RegisterForReflection
    public record PairRequest(@JsonProperty("code") @NotNull(message = "is required") String code) {
    }

    @POST
    @Path("/persona/{id}/pair")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pair her channel to the chat her bot gave this code", description = "While a channel is "
            + "unpaired, the first chat that writes to her bot gets a 6-character code, valid 10 minutes. From then "
            + "on she talks only to that chat there.")
    @APIResponse(responseCode = "200", description = "Paired: her view, without secrets")
    @APIResponse(responseCode = "400", description = "The code is invalid or has expired, or the channel is already paired")
    @APIResponse(responseCode = "429", description = "Too many wrong codes: wait, then try again")
    public Uni<Changed> pair(@PathParam("id") String id, @Valid @NotNull(message = "is required") PairRequest body) {
        PersonaId.require(id);
        return pairing.pair(id, body.code()).chain(type -> queries.view(id)
                .map(state -> new Changed("Her " + type + " channel is paired.", PersonaView.of(state))));
    }
}
