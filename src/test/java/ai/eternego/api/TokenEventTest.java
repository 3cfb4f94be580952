package ai.eternego.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class TokenEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPieceOfHerAnswerIsOneTokenEventWhoseTextIsThePiece() throws Exception {
        for (String word : List.of("abcde", " Hi, ", "", "say \"hi\"", "a\\b", "tab\there", "line\n", "\u0001", "~\u007f",
                "héllo", "你好", "🌍 ok", "</script>")) {
            String event = ConversationResource.token(word).toString(StandardCharsets.UTF_8);
            String prefix = "event:token\ndata:";
            assertEquals(prefix, event.substring(0, prefix.length()), word);
            assertEquals("\n\n", event.substring(event.length() - 2), word);
            JsonNode data = JSON.readTree(event.substring(prefix.length(), event.length() - 2));
            assertEquals(1, data.size(), word);
            assertEquals(word, data.path("text").asText(), word);
        }
    }
}
