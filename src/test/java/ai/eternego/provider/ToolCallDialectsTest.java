package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How each dialect reads her calls of abilities from a stream and writes them back: pieces joined by
 * index, several calls at once, a small input sent whole, a call that cannot be read, and the turns of a
 * conversation whose call was left out.
 */
class ToolCallDialectsTest {

    static final MindPiece.ToolCall CALL = new MindPiece.ToolCall("toolu_9", "save_notes", "{\"text\":\"blue\"}");
    static final List<MindTool> TOOLS = List.of(new MindTool("save_notes", "Keep a note.",
            "{\"type\": \"object\", \"properties\": {\"text\": {\"type\": \"string\"}}}"));

    @Test
    void openAiCallsInterleavedByIndexAreJoinedEachToItsOwn() {
        OpenAiClient.Chat chat = new OpenAiClient.Chat("OpenAI", true);
        chat.line("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":"
                + "\"function\",\"function\":{\"name\":\"save_notes\",\"arguments\":\"\"}}]}}]}");
        chat.line("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":"
                + "\"function\",\"function\":{\"name\":\"recall_history\",\"arguments\":\"{\\\"da\"}}]}}]}");
        chat.line("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                + "{\"arguments\":\"{\\\"text\\\": \\\"bl\"}}]}}]}");
        chat.line("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":"
                + "{\"arguments\":\"te\\\": \\\"2031-06-30\\\"}\"}}]}}]}");
        chat.line("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                + "{\"arguments\":\"ue\\\"}\"}}]}}]}");
        chat.line("data: [DONE]");

        assertTrue(chat.complete());
        assertEquals(List.of(new MindPiece.ToolCall("call_a", "save_notes", "{\"text\":\"blue\"}"),
                new MindPiece.ToolCall("call_b", "recall_history", "{\"date\":\"2031-06-30\"}")), chat.calls());
    }

    @Test
    void anthropicsSmallInputSentWholeIsTheCallsArguments() {
        AnthropicClient.Chat chat = new AnthropicClient.Chat();
        chat.line("data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_1\",\"name\":\"save_notes\",\"input\":{\"text\":\"blue\"}}}");
        chat.line("data: {\"type\":\"content_block_stop\",\"index\":0}");
        chat.line("data: {\"type\":\"message_stop\"}");

        assertEquals(List.of(new MindPiece.ToolCall("toolu_1", "save_notes", "{\"text\":\"blue\"}")), chat.calls());
    }

    @Test
    void aCallWhoseArgumentsAreNotAnObjectCannotBeRead() {
        AnthropicClient.Chat chat = new AnthropicClient.Chat();
        chat.line("data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_1\",\"name\":\"save_notes\",\"input\":{}}}");
        chat.line("data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                + "\"partial_json\":\"{\\\"text\\\": \"}}");
        chat.line("data: {\"type\":\"message_stop\"}");

        assertThrows(RuntimeException.class, chat::calls, "half an object is no call");
    }

    @Test
    void openAiWholeAnswerCarriesItsCalls() {
        OpenAiClient.Whole whole = new OpenAiClient.Whole("OpenAI", true);
        whole.line("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_w\",\"type\":\"function\",\"function\":{\"name\":"
                + "\"save_notes\",\"arguments\":\"{\\\"text\\\":\\\"blue\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}");
        whole.end();

        assertTrue(whole.complete());
        assertEquals(List.of(new MindPiece.ToolCall("call_w", "save_notes", "{\"text\":\"blue\"}")), whole.calls());
    }

    @Test
    void aResultWhoseCallWasLeftOutIsReadAsWordsByAnthropic() {
        MindRequest request = new MindRequest("system", List.of(
                new MindRequest.Turn(MindRequest.ASSISTANT, "{\"tools.save_notes\": {\"text\": \"blue\"}}", CALL),
                new MindRequest.Turn(MindRequest.USER, "TOOL_RESULT\ntool: save_notes\nstatus: ok\nresult: noted", CALL),
                new MindRequest.Turn(MindRequest.USER, "and now?"),
                new MindRequest.Turn(MindRequest.ASSISTANT, "{\"tools.save_notes\": {\"text\": \"blue\"}}", CALL),
                new MindRequest.Turn(MindRequest.USER, "TOOL_RESULT\ntool: save_notes\nstatus: ok\nresult: noted", CALL),
                new MindRequest.Turn(MindRequest.USER, "thanks")), TOOLS, "in words");

        JsonNode messages = AnthropicClient.body("claude", 100, request).path("messages");

        assertEquals(3, messages.size(), messages.toString());
        assertEquals("TOOL_RESULT\ntool: save_notes\nstatus: ok\nresult: noted\n\nand now?",
                messages.at("/0/content").asText(), "her call was left out: its result is words");
        assertEquals("tool_use", messages.at("/1/content/0/type").asText());
        assertEquals("tool_result", messages.at("/2/content/0/type").asText(), "a result comes first in its turn");
        assertEquals("text", messages.at("/2/content/1/type").asText());
        assertEquals("thanks", messages.at("/2/content/1/text").asText());
    }

    @Test
    void withoutToolsHerCallsAreSentAsUpstreamsText() {
        MindRequest request = new MindRequest("system", List.of(new MindRequest.Turn(MindRequest.USER, "note it"),
                new MindRequest.Turn(MindRequest.ASSISTANT, "{\"tools.save_notes\": {\"text\": \"blue\"}}", CALL),
                new MindRequest.Turn(MindRequest.USER, "TOOL_RESULT\ntool: save_notes\nstatus: ok\nresult: noted", CALL)),
                TOOLS, "You have abilities.").inWords();

        JsonNode body = OpenAiClient.body("gpt-4o", request);

        assertTrue(body.path("tools").isMissingNode());
        assertEquals("system\n\nYou have abilities.", body.at("/messages/0/content").asText());
        assertEquals("{\"tools.save_notes\": {\"text\": \"blue\"}}", body.at("/messages/2/content").asText());
        assertEquals("user", body.at("/messages/3/role").asText());
        assertTrue(body.at("/messages/3/content").asText().startsWith("TOOL_RESULT\n"));
    }
}
