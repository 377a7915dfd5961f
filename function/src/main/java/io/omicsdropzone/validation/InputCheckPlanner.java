package io.omicsdropzone.validation;

import io.omicsdropzone.validation.InputObjects.Existence;
import io.omicsdropzone.validation.InputObjects.Page;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How the inputs of one folder are asked: one {@code HeadObject} each, or pages of {@code ListObjectsV2} over the
 * folder that answer many at once. Decided from what is known: the inputs the file names in the folder (a folder
 * needs {@link Preflight#minInputsToList} of them to be listed at all), then, page by page, how many inputs the pages
 * answered: a folder holding far more objects than the file names (millions of unrelated keys around 3 inputs) stops
 * being listed as soon as its pages cost more than the HEADs they replace, and the rest of its inputs are asked by
 * HEAD. The first page starts just before the first input's name ({@code start-after}), so objects sorting before it
 * are never read.
 */
final class InputCheckPlanner {

    /**
     * A page counts as this many HEADs: up to 1,000 keys of XML against an answer without a body. A page must answer
     * at least as many inputs, on average, for listing to go on.
     */
    static final int LIST_PAGE_COST_IN_HEADS = 2;

    /** What one folder's listing answered. */
    interface Answers {
        void answer(int index, Existence existence);
    }

    private final int minInputsToList;

    InputCheckPlanner(int minInputsToList) {
        this.minInputsToList = minInputsToList;
    }

    /** Whether a folder with this many distinct inputs (objects, not prefixes) is listed. */
    boolean lists(int inputs) {
        return inputs >= minInputsToList;
    }

    /** Whether listing goes on after {@code pages} pages answered {@code answered} inputs. */
    static boolean keepListing(int pages, int answered) {
        return (long) pages * LIST_PAGE_COST_IN_HEADS <= answered;
    }

    /**
     * The greatest key that sorts before {@code name} closely enough that the listing starts at it: the name with its
     * last character one lower ("S17_R2.fastq.gz" → "S17_R2.fastq.gy"); keys between that and the name are read and
     * ignored. S3 starts after the key given, whether or not it exists.
     */
    static String startAfter(String folder, String name) {
        int last = name.codePointBefore(name.length());
        int cut = name.length() - Character.charCount(last);
        if (last > 1 && Character.isBmpCodePoint(last) && !Character.isSurrogate((char) (last - 1))) {
            return folder + name.substring(0, cut) + (char) (last - 1);
        }
        return folder + name.substring(0, cut);
    }

    /**
     * Lists {@code folder} from just before {@code names[0]} and answers each name (sorted by
     * {@link InputUse#compareCodePoints}) FOUND or MISSING, in order, until the listing ends, is denied or stops
     * paying.
     *
     * @return how many names were answered (from the start); the rest are for HEAD. Zero when the listing was denied
     * @throws RuntimeException an S3 error that outlasted the client's retries
     */
    static int answerByListing(InputObjects objects, String bucket, String folder, List<String> names,
                               Answers answers, int[] pagesRead) {
        return answerByListing(objects, bucket, folder, names, answers, pagesRead, () -> false);
    }

    /** As above; {@code stop} is asked before each further page (the checks' deadline). */
    static int answerByListing(InputObjects objects, String bucket, String folder, List<String> names,
                               Answers answers, int[] pagesRead, BooleanSupplier stop) {
        int next = 0;
        int pages = 0;
        String token = null;
        String startAfter = startAfter(folder, names.get(0));
        while (next < names.size()) {
            Page page = objects.list(bucket, folder, startAfter, token);
            pages++;
            pagesRead[0]++;
            if (page.access() == Existence.DENIED) {
                return next;
            }
            for (String key : page.keys()) {
                if (!key.startsWith(folder)) {
                    continue;
                }
                String listed = key.substring(folder.length());
                int c;
                while (next < names.size() && (c = InputUse.compareCodePoints(names.get(next), listed)) <= 0) {
                    answers.answer(next, c == 0 ? Existence.FOUND : Existence.MISSING);
                    next++;
                }
                if (next == names.size()) {
                    return next;
                }
            }
            if (page.last()) {
                while (next < names.size()) {
                    answers.answer(next++, Existence.MISSING);
                }
                return next;
            }
            if (!keepListing(pages, next) || stop.getAsBoolean()) {
                return next;
            }
            token = page.continuationToken();
        }
        return next;
    }
}
