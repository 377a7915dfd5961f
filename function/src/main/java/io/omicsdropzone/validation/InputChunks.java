package io.omicsdropzone.validation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups the sorted uses into inputs (one per distinct URI) and the inputs into chunks of one folder, at most
 * {@value #CHUNK_INPUTS} inputs and {@value #MAX_CHUNK_USES} kept uses each.
 */
final class InputChunks {

    static final int CHUNK_INPUTS = 1000;
    /** A chunk closes at this many kept uses, so one chunk always fits within the checks' queue. */
    static final int MAX_CHUNK_USES = 8_192;

    /** One distinct input and the uses that name it (the first {@code capacity} kept, all counted). */
    static final class Input {
        final InputUse first;
        final List<InputUse> uses = new ArrayList<>(1);
        long useCount;

        Input(InputUse first) {
            this.first = first;
        }
    }

    private final InputSpool.Cursor cursor;
    private InputUse lookahead;
    private Input pending;
    private final InputUse resumeAfter;
    private final int capacity;

    /** @param resumeAfter the last input an earlier attempt confirmed, or null */
    InputChunks(InputSpool.Cursor cursor, int capacity, InputUse resumeAfter) throws IOException {
        this.cursor = cursor;
        this.capacity = capacity;
        this.resumeAfter = resumeAfter;
        this.lookahead = cursor.next();
    }

    private Input nextInput() throws IOException {
        if (pending != null) {
            Input p = pending;
            pending = null;
            return p;
        }
        if (lookahead == null) {
            return null;
        }
        Input input = new Input(lookahead);
        while (lookahead != null && lookahead.sameInput(input.first)) {
            if (input.uses.size() < capacity) {
                input.uses.add(lookahead);
            }
            input.useCount++;
            lookahead = cursor.next();
        }
        return input;
    }

    /** The next chunk (inputs of one folder, in order), or null at the end. */
    List<Input> next() throws IOException {
        Input first = nextInput();
        if (first == null) {
            return null;
        }
        List<Input> chunk = new ArrayList<>();
        chunk.add(first);
        int uses = first.uses.size();
        while (chunk.size() < CHUNK_INPUTS && uses < MAX_CHUNK_USES) {
            Input next = nextInput();
            if (next == null) {
                break;
            }
            if (!next.first.sameFolder(first.first) || straddles(chunk, next)) {
                pending = next;
                break;
            }
            chunk.add(next);
            uses += next.uses.size();
        }
        return chunk;
    }

    /** A chunk ends at the saved point, so a chunk is either wholly confirmed or wholly to check. */
    private boolean straddles(List<Input> chunk, Input next) {
        return resumeAfter != null && InputUse.ORDER.compare(chunk.get(chunk.size() - 1).first, resumeAfter) <= 0
                && InputUse.ORDER.compare(next.first, resumeAfter) > 0;
    }
}
