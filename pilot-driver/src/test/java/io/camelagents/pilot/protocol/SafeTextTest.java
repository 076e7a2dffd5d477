package io.camelagents.pilot.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void controlsAreC0DelC1AndBidiControls() {
        for (int cp : new int[] {0, '\t', '\r', '\n', 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0x061C, 0x200E, 0x200F, 0x202A, 0x202E,
            0x2066, 0x2069}) {
            assertTrue(SafeText.isControl(cp), Integer.toHexString(cp));
        }
        for (int cp : new int[] {' ', 'a', '~', 0xA0, 0xE4, 0x200D, 0x2029, 0x202F, 0x206A, 0xFEFF, 0x1F600}) {
            assertFalse(SafeText.isControl(cp), Integer.toHexString(cp));
        }
        assertEquals(2, SafeText.indexOfControl("x.\u202e"));
        assertEquals(-1, SafeText.indexOfControl("größe.\uD83D\uDE00"));
    }

    @Test
    void printableEscapesAndShortens() {
        assertEquals("x.\\u000D\\u000A\\u001B[2J\\u202E\\u200B", SafeText.printable("x.\r\n\u001b[2J\u202e\u200b", 100));
        assertEquals("abc...", SafeText.printable("abcdef", 3));
    }

    @Test
    void fileNamesLoseControlsInvisiblesSeparatorsAndDotDot() {
        assertEquals("invoice_gpj-20261201-120000.000-000001.exe", SafeText.fileName("invoice\u202Egpj-20261201-120000.000-000001.exe"));
        assertEquals("a_b_c_d_e_f_g_h.txt", SafeText.fileName("a\u0000b\u001bc\u007fd\u0085e\u200bf\ufeffg\u2066h.txt"));
        assertEquals("___etc_passwd", SafeText.fileName("../etc/passwd"));
        assertEquals("a_b", SafeText.fileName("a\\b"));
        assertEquals("__", SafeText.fileName(".."));
        assertEquals("__.", SafeText.fileName("..."));
        assertEquals("report.v2.txt", SafeText.fileName("report.v2.txt"));
        assertEquals("größe.pdf", SafeText.fileName("größe.pdf"));
        assertEquals("_", SafeText.fileName(""));
    }
}
