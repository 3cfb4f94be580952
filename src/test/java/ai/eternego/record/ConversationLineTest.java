package ai.eternego.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Her conversation line in upstream's shape, with and without the file it is about. */
class ConversationLineTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aLineWithoutAFileWritesNoMediaKey() throws Exception {
        ConversationLine line = new ConversationLine(ConversationLine.PERSON, "hi", new ConversationLine.Channel("web",
                "web"), "2026-11-29T10:15:00+01:00");
        assertEquals("{\"role\":\"person\",\"content\":\"hi\",\"channel\":{\"type\":\"web\",\"name\":\"web\"},"
                + "\"time\":\"2026-11-29T10:15:00+01:00\"}", json.writeValueAsString(line));
    }

    @Test
    void aLineAboutAFileWritesItsMediaAfterTheTime() throws Exception {
        ConversationLine line = new ConversationLine(ConversationLine.PERSON, "look", null, "2026-11-29T10:15:00Z",
                new ConversationLine.Media("media/telegram-20261129-101500.jpg", "my cat"));
        String written = json.writeValueAsString(line);
        assertEquals("{\"role\":\"person\",\"content\":\"look\",\"channel\":null,\"time\":\"2026-11-29T10:15:00Z\","
                + "\"media\":{\"source\":\"media/telegram-20261129-101500.jpg\",\"caption\":\"my cat\"}}", written);
        assertEquals(line, json.readValue(written, ConversationLine.class));
    }

    @Test
    void anUpstreamLineIsReadWithItsMediaAndUnknownKeysPassedOver() throws Exception {
        ConversationLine line = json.readValue("{\"role\":\"person\",\"content\":\"a photo\",\"channel\":null,"
                + "\"time\":\"2026-05-18T17:12:43.123456+02:00\",\"media\":{\"source\":\"/srv/personas/p/home/media/"
                + "web-20260518-171243.png\",\"caption\":null,\"question\":\"what is it?\"},\"id\":\"u-1\"}",
                ConversationLine.class);
        assertEquals("/srv/personas/p/home/media/web-20260518-171243.png", line.media().source());
        assertNull(line.media().caption());
        assertNull(new ConversationLine(ConversationLine.PERSONA, "hi", null, "t").media());
    }
}
