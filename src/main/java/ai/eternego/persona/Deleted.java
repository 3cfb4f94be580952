package ai.eternego.persona;

/** She is deleted: the sentence, and where her diary was kept (relative to ETERNEGO_HOME), or {@code null}. */
public record Deleted(String sentence, String keptDiary) {
}
