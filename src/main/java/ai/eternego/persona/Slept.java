package ai.eternego.persona;

import java.time.Instant;

/** She slept: the sentence, the file name of the diary she wrote, and when. */
public record Slept(String sentence, String diary, Instant writtenAt) {
}
