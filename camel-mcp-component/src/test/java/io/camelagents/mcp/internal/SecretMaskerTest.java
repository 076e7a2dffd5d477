package io.camelagents.mcp.internal;

import java.util.List;
import java.util.Map;

import io.camelagents.mcp.McpServerDefinition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Daemon-free: which occurrences of configured secrets are masked, for every length. */
class SecretMaskerTest {

    @Test
    void longSecretsAreMaskedWherever() {
        SecretMasker masker = new SecretMasker(List.of("s3cr3t-value"));
        assertEquals("token=xxxxxx, again:xxxxxx, insidexxxxxxtoo", masker.mask(
                "token=s3cr3t-value, again:s3cr3t-value, insides3cr3t-valuetoo"));
    }

    @Test
    void shortSecretsOfOneToThreeCharactersAreMaskedAsWholeTokens() {
        SecretMasker masker = new SecretMasker(List.of("q", "ab", "x7z"));
        assertEquals("KEY=xxxxxx \"xxxxxx\" [xxxxxx] xxxxxx: about cab ab1 x7zz quit", masker.mask(
                "KEY=ab \"x7z\" [q] ab: about cab ab1 x7zz quit"));
        assertEquals("Authorization: xxxxxx", new SecretMasker(List.of("Bearer ab")).mask("Authorization: Bearer ab"));
        assertEquals("rejected token xxxxxx", new SecretMasker(List.of("Bearer ab")).mask("rejected token ab"));
    }

    @Test
    void emptyAndNullValuesAreIgnored() {
        SecretMasker masker = new SecretMasker(java.util.Arrays.asList("", null));
        assertEquals("nothing to hide", masker.mask("nothing to hide"));
        assertEquals(null, masker.mask(null));
    }

    @Test
    void aDefinitionRendersWithoutItsSecretsWhateverTheirLength() {
        McpServerDefinition definition = new McpServerDefinition();
        definition.setName("s");
        definition.setCommand("server");
        definition.setArgs(List.of("--token=k9", "--verbose", "--key", "longer-key-1234"));
        definition.setEnv(Map.of("TOKEN", "k9", "KEY", "longer-key-1234"));
        String text = definition.toString();
        assertFalse(text.contains("k9"), text);
        assertFalse(text.contains("longer-key-1234"), text);
        assertTrue(text.contains("--token=xxxxxx") && text.contains("--verbose"), text);

        McpServerDefinition http = new McpServerDefinition();
        http.setName("h");
        http.setUrl("https://user:pw@mcp.example.com/api?key=k1");
        http.setHeaders(Map.of("Authorization", "Bearer ab"));
        String rendered = http.toString();
        assertTrue(rendered.contains("https://xxxxxx@mcp.example.com/api/mcp?key=xxxxxx"), rendered);
        assertEquals("401 for xxxxxx", SecretMasker.of(http).mask("401 for ab"));
        assertEquals("login xxxxxx failed", SecretMasker.of(http).mask("login pw failed"));
    }
}
