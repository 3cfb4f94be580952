package ai.eternego.persona;

import java.util.List;

import ai.eternego.channel.ChannelSpec;
import ai.eternego.organ.OrganSpec;

/** A persona to be born: her name, the organs she is given and the channels she is reachable on. */
public record NewPersona(String name, List<OrganSpec> organs, List<ChannelSpec> channels) {

    public NewPersona {
        organs = List.copyOf(organs);
        channels = List.copyOf(channels);
    }
}
