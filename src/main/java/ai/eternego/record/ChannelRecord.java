package ai.eternego.record;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A channel as saved in her record: {@code {type, name, credentials:{token}, verified_at}}. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "type", "name", "credentials", "verified_at" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChannelRecord(
        @JsonProperty("type") String type,
        @JsonProperty("name") String name,
        @JsonProperty("credentials") Credentials credentials,
        @JsonProperty("verified_at") String verifiedAt) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Credentials(@JsonProperty("token") String token) {
    }

    public static ChannelRecord unpaired(String type, String token) {
        return new ChannelRecord(type, "", new Credentials(token), null);
    }
}
