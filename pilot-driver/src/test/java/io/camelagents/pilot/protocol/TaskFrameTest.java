package io.camelagents.pilot.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TaskFrameTest {

    private static byte[] encode(TaskFrame... frames) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TaskFrame f : frames) {
            f.writeTo(out);
        }
        return out.toByteArray();
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static byte[] frame(long type, long length, byte[] json) {
        return ByteBuffer.allocate(8 + json.length).putInt((int) type).putInt((int) length).put(json).array();
    }

    private static TaskFrame withJson(TaskFrame.Type type, String json) {
        return new TaskFrame(type, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyMessageRoundTripsBackToBackThenEndsCleanly() throws Exception {
        TaskMessages.Submit submit = new TaskMessages.Submit("t-1", "quantum batteries", "0:0000.0000.0001", "0:0000.0000.0002", true);
        TaskMessages.SubmitResponse response = new TaskMessages.SubmitResponse("t-1", 200, "accepted");
        TaskMessages.StatusUpdate update = new TaskMessages.StatusUpdate("t-1", TaskMessages.Status.EXECUTING, "started");
        TaskMessages.Results results = new TaskMessages.Results("t-1", "text", "3 papers", null, null, "2025-01-01T00:00:00Z", 5, 6, 7);
        InputStream in = in(encode(TaskFrame.of(TaskFrame.Type.SUBMIT, submit), TaskFrame.of(TaskFrame.Type.SUBMIT, response),
                TaskFrame.of(TaskFrame.Type.STATUS_UPDATE, update), TaskFrame.of(TaskFrame.Type.SEND_RESULTS, results)));

        TaskFrame f1 = TaskFrame.readFrom(in);
        assertEquals(TaskFrame.Type.SUBMIT, f1.type());
        assertEquals(submit, f1.as(TaskMessages.Submit.class));
        assertTrue(f1.as(TaskMessages.Submit.class).wantsReplyOnConnection());
        assertEquals(response, TaskFrame.readFrom(in).as(TaskMessages.SubmitResponse.class));
        TaskFrame f3 = TaskFrame.readFrom(in);
        assertEquals(TaskFrame.Type.STATUS_UPDATE, f3.type());
        assertEquals(update, f3.as(TaskMessages.StatusUpdate.class));
        TaskFrame f4 = TaskFrame.readFrom(in);
        assertEquals(TaskFrame.Type.SEND_RESULTS, f4.type());
        assertEquals(results, f4.as(TaskMessages.Results.class));
        assertNull(TaskFrame.readFrom(in), "clean end of stream between frames");
    }

    @Test
    void keepAliveTravelsAsOurExtensionAndItsAbsenceMeansNoKeepAlive() throws Exception {
        TaskFrame submit = TaskFrame.of(TaskFrame.Type.SUBMIT,
                new TaskMessages.Submit("t-3", "d", "0:0000.0000.0001", "0:0000.0000.0002", true, true));
        String json = new String(submit.json(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"reply_on_connection\":true") && json.contains("\"keep_alive\":true"), json);
        assertTrue(submit.as(TaskMessages.Submit.class).wantsKeepAlive());
        // keep-alive without the reports on the connection means nothing: the connection would carry nothing back
        assertFalse(new TaskMessages.Submit("t-4", "d", "a", "b", null, true).wantsKeepAlive());

        TaskMessages.SubmitResponse kept = withJson(TaskFrame.Type.SUBMIT,
                "{\"task_id\":\"t-3\",\"status\":200,\"message\":\"ok\",\"keep_alive_ms\":60000}").as(TaskMessages.SubmitResponse.class);
        assertTrue(kept.keepsConnection());
        assertEquals(60000L, kept.keepAliveMs());
        // what v1.2.2 answers: no keep_alive_ms, so the submitter closes after the task
        assertFalse(withJson(TaskFrame.Type.SUBMIT, "{\"task_id\":\"t-3\",\"status\":200,\"message\":\"Task accepted\"}")
                .as(TaskMessages.SubmitResponse.class).keepsConnection());
        assertFalse(new TaskMessages.SubmitResponse("t-3", 400, "busy", 60000L).keepsConnection());
    }

    @Test
    void jsonUsesSnakeCaseAndIgnoresUnknownFields() throws Exception {
        TaskFrame submit = TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.Submit("t-2", "d", "0:0000.0000.0001", "0:0000.0000.0002"));
        String json = new String(submit.json(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"task_id\":\"t-2\"") && json.contains("\"task_description\":\"d\""), json);
        assertFalse(submit.as(TaskMessages.Submit.class).wantsReplyOnConnection());
        // a newer peer's extra fields do not break us
        TaskMessages.StatusUpdate u = withJson(TaskFrame.Type.STATUS_UPDATE,
                "{\"task_id\":\"t\",\"status\":\"ACCEPTED\",\"justification\":\"\",\"priority\":3}").as(TaskMessages.StatusUpdate.class);
        assertEquals("ACCEPTED", u.status());
    }

    @Test
    void wireFormatIsTypeLengthJson() throws Exception {
        byte[] wire = encode(withJson(TaskFrame.Type.STATUS_UPDATE, "{}"));
        assertEquals(Arrays.toString(new byte[] {0, 0, 0, 3, 0, 0, 0, 2, '{', '}'}), Arrays.toString(wire));
    }

    @Test
    void everyTruncationInsideAFrameIsAnEndOfStreamError() throws Exception {
        byte[] wire = encode(TaskFrame.of(TaskFrame.Type.SUBMIT, new TaskMessages.Submit("t", "d", "a", "b")));
        for (int cut = 1; cut < wire.length; cut++) {
            byte[] part = Arrays.copyOf(wire, cut);
            assertThrows(EOFException.class, () -> TaskFrame.readFrom(in(part)), "cut after " + cut + " bytes");
        }
    }

    @Test
    void unknownTypesAreMalformed() {
        for (long type : new long[] {0, 5, 9, 0xFFFFFFFFL}) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> TaskFrame.readFrom(in(frame(type, 2, "{}".getBytes(StandardCharsets.UTF_8)))));
            assertTrue(e.getMessage().contains("type " + type), e.getMessage());
        }
    }

    @Test
    void lengthOverTheLimitIsRefusedBeforeAllocating() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> TaskFrame.readFrom(in(frame(1, TaskFrame.MAX_JSON_BYTES + 1L, new byte[0]))));
        assertTrue(e.getMessage().contains("exceeds the limit of " + TaskFrame.MAX_JSON_BYTES), e.getMessage());
        assertThrows(MalformedFrameException.class, () -> TaskFrame.readFrom(in(frame(1, 0xFFFFFFFFL, new byte[0]))));

        long allocated = ThreadAllocation.measure(() -> TaskFrame.readFrom(in(frame(1, 0x7FFFFFFFL, new byte[0]))));
        assertTrue(allocated < 1024 * 1024, "refusing a 2 GiB announcement allocated " + allocated + " bytes");
    }

    @Test
    void wrongJsonIsMalformed() {
        String[] bodies = {"", "{{{", "{\"task_id\":", "[]", "\"a string\"", "42"};
        for (String body : bodies) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> withJson(TaskFrame.Type.SUBMIT, body).as(TaskMessages.Submit.class), "body " + body);
            assertTrue(e.getMessage().contains("not a valid Submit"), e.getMessage());
        }
        // a field of the wrong type
        assertThrows(MalformedFrameException.class,
                () -> withJson(TaskFrame.Type.SUBMIT, "{\"task_id\":\"t\",\"status\":\"accepted\"}").as(TaskMessages.SubmitResponse.class));
        assertThrows(MalformedFrameException.class,
                () -> withJson(TaskFrame.Type.SEND_RESULTS, "{\"time_cpu_ms\":\"soon\"}").as(TaskMessages.Results.class));
    }

    @Test
    void oversizedJsonIsRefusedWhenWritten() {
        TaskFrame big = new TaskFrame(TaskFrame.Type.SUBMIT, new byte[TaskFrame.MAX_JSON_BYTES + 1]);
        assertThrows(IllegalArgumentException.class, () -> big.writeTo(new ByteArrayOutputStream()));
    }
}
