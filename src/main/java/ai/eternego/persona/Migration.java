package ai.eternego.persona;

import java.nio.file.Path;
import java.util.List;

import ai.eternego.channel.ChannelSpec;
import ai.eternego.organ.OrganSpec;

/**
 * A persona to be restored here from her diary: the diary as received ({@code diary}, a file the
 * door owns and removes, and the {@code fileName} it was sent under, never decoded), her phrase, and
 * the organs and channels she will have here.
 */
public record Migration(Path diary, String fileName, String phrase, List<OrganSpec> organs,
        List<ChannelSpec> channels) {

    public Migration {
        organs = List.copyOf(organs);
        channels = List.copyOf(channels);
    }
}
