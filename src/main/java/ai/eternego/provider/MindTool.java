package ai.eternego.provider;

/**
 * One ability her Mind is offered as a native tool: its name, what it does in plain words, and the JSON
 * schema of its arguments (an object schema, as text), which every vendor's tool declaration carries.
 */
public record MindTool(String name, String description, String parametersSchema) {
}
