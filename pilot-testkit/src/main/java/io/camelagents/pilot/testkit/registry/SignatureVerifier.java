package io.camelagents.pilot.testkit.registry;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the Ed25519 signatures daemons put on mutating requests. Each request type signs a fixed
 * challenge string (for example {@code heartbeat:<node_id>}); the signature is base64 (standard
 * alphabet) in the {@code signature} field. The JDK (15+) verifies Ed25519 natively, so no extra
 * dependency is needed.
 */
final class SignatureVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);

    /** DER prefix turning a raw 32-byte Ed25519 key into an X.509 SubjectPublicKeyInfo. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private final SignaturePolicy policy;

    SignatureVerifier(SignaturePolicy policy) {
        this.policy = policy;
    }

    /** Decodes a base64 raw Ed25519 public key, refusing anything that is not 32 bytes. */
    static byte[] decodePublicKey(String base64) throws RegistryException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("invalid public key: " + e.getMessage());
        }
        if (raw.length != 32) {
            throw new RegistryException("invalid public key: want 32 bytes, got " + raw.length);
        }
        return raw;
    }

    /**
     * Applies the policy to one signed request. {@code what} names the request for the log.
     *
     * @throws RegistryException only under {@link SignaturePolicy#ENFORCE}
     */
    void check(byte[] rawPublicKey, String signatureBase64, String challenge, String what) throws RegistryException {
        if (policy == SignaturePolicy.IGNORE) {
            return;
        }
        String problem = problem(rawPublicKey, signatureBase64, challenge);
        if (problem == null) {
            return;
        }
        if (policy == SignaturePolicy.ENFORCE) {
            throw new RegistryException(problem);
        }
        LOG.warn("{}: {} (accepted, signature policy WARN)", what, problem);
    }

    /** Returns null when the signature is valid, else the reason in the real registry's words. */
    private static String problem(byte[] rawPublicKey, String signatureBase64, String challenge) {
        if (signatureBase64 == null || signatureBase64.isEmpty()) {
            return "signature required for authenticated node";
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            return "invalid signature encoding: " + e.getMessage();
        }
        try {
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + rawPublicKey.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(rawPublicKey, 0, spki, ED25519_SPKI_PREFIX.length, rawPublicKey.length);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(challenge.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(sig) ? null : "signature verification failed";
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "signature verification failed";
        }
    }
}
