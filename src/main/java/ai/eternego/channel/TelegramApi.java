package ai.eternego.channel;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.provider.VendorStatus;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The Telegram Bot API. The token is part of every request path: URLs of this client must never be
 * logged, and its exceptions never become messages.
 */
@RegisterRestClient(configKey = "telegram")
@Produces(MediaType.APPLICATION_JSON)
public interface TelegramApi {

    @GET
    @Path("/bot{token}/getMe")
    Uni<GetMe> getMe(@PathParam("token") String token);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new VendorStatus(response.getStatus(), null);
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record GetMe(@JsonProperty("ok") boolean ok, @JsonProperty("result") Bot result,
            @JsonProperty("error_code") Integer errorCode) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bot(@JsonProperty("id") Long id, @JsonProperty("is_bot") boolean isBot,
            @JsonProperty("first_name") String firstName, @JsonProperty("username") String username) {
    }
}
