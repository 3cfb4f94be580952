package ai.eternego.persona;

/** What she said in answer, and when (ISO time with offset, as in her conversation file). */
public record Said(String content, String time) {
}
