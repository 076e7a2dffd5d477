package io.camelagents.mcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelagents.mcp.model.McpContent;
import io.camelagents.mcp.model.McpPromptArgument;
import io.camelagents.mcp.model.McpPromptInfo;
import io.camelagents.mcp.model.McpPromptMessage;
import io.camelagents.mcp.model.McpPromptResult;
import io.camelagents.mcp.model.McpResourceInfo;
import io.camelagents.mcp.model.McpResourceResult;
import io.camelagents.mcp.model.McpResourceTemplateInfo;
import io.camelagents.mcp.model.McpToolInfo;
import io.camelagents.mcp.model.McpToolResult;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Converts SDK schema records to the component's own model, so SDK types never reach routes.
 */
final class SdkModelMapper {

    private SdkModelMapper() {
    }

    static McpToolResult toolResult(McpSchema.CallToolResult result) {
        return new McpToolResult(contents(result.content()), Boolean.TRUE.equals(result.isError()),
                result.structuredContent(), result.meta());
    }

    static McpToolInfo tool(McpSchema.Tool tool) {
        Map<String, Object> annotations = null;
        McpSchema.ToolAnnotations a = tool.annotations();
        if (a != null) {
            annotations = new LinkedHashMap<>();
            putIfSet(annotations, "title", a.title());
            putIfSet(annotations, "readOnlyHint", a.readOnlyHint());
            putIfSet(annotations, "destructiveHint", a.destructiveHint());
            putIfSet(annotations, "idempotentHint", a.idempotentHint());
            putIfSet(annotations, "openWorldHint", a.openWorldHint());
        }
        return new McpToolInfo(tool.name(), tool.title(), tool.description(), tool.inputSchema(), tool.outputSchema(),
                annotations);
    }

    static McpResourceInfo resource(McpSchema.Resource r) {
        return new McpResourceInfo(r.uri(), r.name(), r.title(), r.description(), r.mimeType(), r.size());
    }

    static McpResourceTemplateInfo resourceTemplate(McpSchema.ResourceTemplate t) {
        return new McpResourceTemplateInfo(t.uriTemplate(), t.name(), t.title(), t.description(), t.mimeType());
    }

    static McpResourceResult resourceResult(String uri, McpSchema.ReadResourceResult result) {
        List<McpContent> contents = new ArrayList<>();
        if (result.contents() != null) {
            for (McpSchema.ResourceContents c : result.contents()) {
                contents.add(resourceContents(c));
            }
        }
        return new McpResourceResult(uri, contents);
    }

    static McpPromptInfo prompt(McpSchema.Prompt p) {
        List<McpPromptArgument> args = new ArrayList<>();
        if (p.arguments() != null) {
            for (McpSchema.PromptArgument a : p.arguments()) {
                args.add(new McpPromptArgument(a.name(), a.description(), Boolean.TRUE.equals(a.required())));
            }
        }
        return new McpPromptInfo(p.name(), p.title(), p.description(), args);
    }

    static McpPromptResult promptResult(McpSchema.GetPromptResult result) {
        List<McpPromptMessage> messages = new ArrayList<>();
        if (result.messages() != null) {
            for (McpSchema.PromptMessage m : result.messages()) {
                String role = m.role() != null ? m.role().name().toLowerCase(java.util.Locale.ROOT) : null;
                messages.add(new McpPromptMessage(role, content(m.content())));
            }
        }
        return new McpPromptResult(result.description(), messages);
    }

    static List<McpContent> contents(List<McpSchema.Content> content) {
        List<McpContent> list = new ArrayList<>();
        if (content != null) {
            for (McpSchema.Content c : content) {
                list.add(content(c));
            }
        }
        return list;
    }

    static McpContent content(McpSchema.Content c) {
        if (c instanceof McpSchema.TextContent t) {
            return new McpContent("text", t.text(), null, null, null);
        }
        if (c instanceof McpSchema.ImageContent i) {
            return new McpContent("image", null, i.data(), i.mimeType(), null);
        }
        if (c instanceof McpSchema.AudioContent a) {
            return new McpContent("audio", null, a.data(), a.mimeType(), null);
        }
        if (c instanceof McpSchema.EmbeddedResource e) {
            McpContent inner = resourceContents(e.resource());
            return new McpContent("resource", inner.text(), inner.data(), inner.mimeType(), inner.uri());
        }
        if (c instanceof McpSchema.ResourceLink l) {
            return new McpContent("resource_link", null, null, l.mimeType(), l.uri());
        }
        return new McpContent(c != null ? c.type() : "unknown", null, null, null, null);
    }

    private static McpContent resourceContents(McpSchema.ResourceContents c) {
        if (c instanceof McpSchema.TextResourceContents t) {
            return new McpContent("text", t.text(), null, t.mimeType(), t.uri());
        }
        if (c instanceof McpSchema.BlobResourceContents b) {
            return new McpContent("blob", null, b.blob(), b.mimeType(), b.uri());
        }
        return new McpContent("unknown", null, null, null, null);
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
