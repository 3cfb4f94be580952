package ai.eternego.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Calls of her abilities as they stream in: each has an index (its place in the answer), and its id,
 * name and arguments may come in pieces; the arguments' pieces are joined in order. Also the parts of
 * a tool declaration every vendor shares.
 */
final class Calls {

    private static final class Building {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
        JsonNode whole;
        String signature;
    }

    private final Map<Integer, Building> byIndex = new TreeMap<>();
    private final String idPrefix;

    Calls(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    /** Adds what a piece says of call {@code index}: any of id, name, a piece of its arguments' text. */
    void piece(int index, String id, String name, String arguments) {
        Building call = byIndex.computeIfAbsent(index, k -> new Building());
        if (id != null && !id.isEmpty()) {
            call.id = id;
        }
        if (name != null && !name.isEmpty()) {
            call.name = name;
        }
        if (arguments != null) {
            call.arguments.append(arguments);
        }
    }

    /** Call {@code index} with its arguments whole, as an object (Ollama, Gemini, Anthropic's small inputs). */
    void whole(int index, String id, String name, JsonNode arguments, String signature) {
        piece(index, id, name, null);
        Building call = byIndex.get(index);
        call.whole = arguments;
        if (signature != null) {
            call.signature = signature;
        }
    }

    int size() {
        return byIndex.size();
    }

    /** Every call, whole, in order; one without a name or with arguments that are not a JSON object fails. */
    List<MindPiece.ToolCall> done() {
        List<MindPiece.ToolCall> calls = new ArrayList<>();
        for (Map.Entry<Integer, Building> entry : byIndex.entrySet()) {
            Building call = entry.getValue();
            if (call.name == null) {
                throw new IllegalStateException("a call without a name");
            }
            JsonNode arguments;
            if (call.arguments.toString().isBlank()) {
                arguments = call.whole == null || call.whole.isNull() ? Json.object() : call.whole;
            } else {
                arguments = Json.read(call.arguments.toString());
            }
            if (!arguments.isObject()) {
                throw new IllegalStateException("arguments that are not an object");
            }
            String id = call.id != null ? call.id : idPrefix + entry.getKey();
            calls.add(new MindPiece.ToolCall(id, call.name, Json.write(arguments), call.signature));
        }
        return calls;
    }

    /** The arguments of {@code call} as a JSON object ({@code {}} when unreadable: it ran with none). */
    static ObjectNode arguments(MindPiece.ToolCall call) {
        try {
            JsonNode node = Json.read(call.argumentsJson());
            return node.isObject() ? (ObjectNode) node : Json.object();
        } catch (RuntimeException unreadable) {
            return Json.object();
        }
    }

    /** OpenAI's and Ollama's declarations: {@code [{"type":"function","function":{name,description,parameters}}]}. */
    static void openAiTools(ObjectNode body, List<MindTool> tools) {
        ArrayNode list = body.putArray("tools");
        for (MindTool tool : tools) {
            ObjectNode function = list.addObject().put("type", "function").putObject("function");
            function.put("name", tool.name()).put("description", tool.description());
            function.set("parameters", Json.read(tool.parametersSchema()));
        }
    }
}
