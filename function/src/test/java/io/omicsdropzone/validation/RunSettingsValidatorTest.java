package io.omicsdropzone.validation;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.omicsdropzone.validation.Validation.assertValid;
import static io.omicsdropzone.validation.Validation.of;
import static io.omicsdropzone.validation.Validation.ofEntry;
import static io.omicsdropzone.validation.Validation.onlyError;
import static org.assertj.core.api.Assertions.assertThat;

/** Each rule with a passing and a failing example. */
class RunSettingsValidatorTest {

    private static final String ID = "\"runSettingId\": \"s-1\"";

    @Nested
    class TopLevel {

        @Test
        void anArrayOfOneEntryIsValid() throws IOException {
            ValidationReport report = of("[{\"runSettingId\": \"s-1\"}]");

            assertValid(report);
            assertThat(report.entryCount()).isEqualTo(1);
        }

        @Test
        void anEmptyArrayIsAnError() throws IOException {
            ValidationError error = onlyError(of("[]"));

            assertThat(error.message()).contains("the array is empty");
            assertThat(error.entryIndex()).isEqualTo(-1);
        }

        @Test
        void anObjectAtTheTopIsAnError() throws IOException {
            ValidationError error = onlyError(of("{\"runSettingId\": \"s-1\"}"));

            assertThat(error.message()).isEqualTo("the file must hold a JSON array of run settings, found an object");
            assertThat(error.pointer()).isEmpty();
        }

        @Test
        void whitespaceAfterTheArrayIsFine() throws IOException {
            assertValid(of(" \n[{\"runSettingId\": \"s-1\"}]\r\n\t \n"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"x", "[]", "{}", "1", "\"more\"", "]", ","})
        void anythingElseAfterTheArrayIsAnError(String trailing) throws IOException {
            ValidationError error = onlyError(of("[{\"runSettingId\": \"s-1\"}]\n" + trailing));

            assertThat(error.message()).startsWith("unexpected content after the top-level array");
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.column()).isEqualTo(1);
        }

        @Test
        void multiByteUtf8IsFine() throws IOException {
            assertValid(ofEntry("\"runSettingId\": \"échantillon-β-試料-🧬\""));
        }

        @Test
        void invalidUtf8IsReportedWithItsPosition() throws IOException {
            byte[] head = "[\n {\"runSettingId\": \"s-1\", \"name\": \"ab".getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = concat(head, new byte[] {(byte) 0xC3, 0x28}, "\"}]".getBytes(StandardCharsets.US_ASCII));

            ValidationError error = onlyError(of(bytes));

            assertThat(error.message()).startsWith("the file is not valid UTF-8");
            assertThat(error.pointer()).isEqualTo("/0/name");
            assertThat(error.entryIndex()).isZero();
            assertThat(error.runSettingId()).isEqualTo("s-1");
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.column()).isPositive();
        }

        @Test
        void utf16IsAnError() throws IOException {
            ValidationError error = onlyError(of("[{\"runSettingId\": \"s-1\"}]".getBytes(StandardCharsets.UTF_16)));

            assertThat(error.message()).contains("UTF-16 or UTF-32");
        }

        @Test
        void aUtf8ByteOrderMarkIsReportedAndTheRestStillChecked() throws IOException {
            byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                    "[{\"runSettingId\": \"s-1\", \"priority\": -1}]".getBytes(StandardCharsets.UTF_8));

            ValidationReport report = of(bytes);

            assertThat(report.errors()).extracting(ValidationError::message)
                    .containsExactly("the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
                            "priority must be between 0 and 100000, found -1");
        }

        @Test
        void aFileOverSixGibibytesIsRejectedFromItsSizeWithoutReading() throws IOException {
            InputStream mustNotBeRead = new InputStream() {
                @Override
                public int read() {
                    throw new AssertionError("the stream was read");
                }
            };

            ValidationReport report = new RunSettingsValidator()
                    .validate(mustNotBeRead, RunSettingsValidator.MAX_FILE_BYTES + 1);

            ValidationError error = onlyError(report);
            assertThat(error.message()).contains("6,442,450,945 bytes").contains("at most 6,442,450,944 bytes");
            assertThat(report.entryCount()).isZero();
        }

        @Test
        void aFileOfExactlySixGibibytesIsRead() throws IOException {
            byte[] bytes = "[{\"runSettingId\": \"s-1\"}]".getBytes(StandardCharsets.UTF_8);

            assertValid(new RunSettingsValidator()
                    .validate(new ByteArrayInputStream(bytes), RunSettingsValidator.MAX_FILE_BYTES));
        }

        @Test
        void aStreamLongerThanTheCapIsCutOffWhileReading() throws IOException {
            byte[] bytes = ("[" + "{\"runSettingId\": \"s-1\"},".repeat(2_000) + "{\"runSettingId\": \"s-x\"}]")
                    .getBytes(StandardCharsets.UTF_8);
            CountingStream in = new CountingStream(bytes);

            // The size is unknown (-1): only the while-reading cap can stop it.
            ValidationReport report = new RunSettingsValidator(1024).validate(in, -1);

            assertThat(report.errors()).last().satisfies(error ->
                    assertThat(error.message()).startsWith("the file is larger than 1,024 bytes"));
            assertThat(in.bytesRead).isLessThan(bytes.length);
        }

        @Test
        void oneHundredThousandEntriesAreAllowed() throws IOException {
            ValidationReport report = of(entries(100_000));

            assertValid(report);
            assertThat(report.entryCount()).isEqualTo(100_000);
        }

        @Test
        void oneMoreEntryIsAnError() throws IOException {
            ValidationReport report = of(entries(100_001));

            ValidationError error = onlyError(report);
            assertThat(error.message()).isEqualTo("the file has more than 100,000 entries, the HealthOmics limit");
            assertThat(error.pointer()).isEqualTo("/100000");
            assertThat(report.entryCount()).isEqualTo(100_001);
        }

        private String entries(int count) {
            StringBuilder json = new StringBuilder(count * 24).append('[');
            for (int i = 0; i < count; i++) {
                json.append(i == 0 ? "" : ",").append("{\"runSettingId\":\"r").append(i).append("\"}");
            }
            return json.append(']').toString();
        }
    }

    @Nested
    class Entries {

        @Test
        void everyAllowedFieldTogetherIsValid() throws IOException {
            assertValid(ofEntry(ID + ", \"name\": \"run 1\", \"outputUri\": \"s3://bucket/out/\", \"priority\": 7,"
                    + " \"parameters\": {\"a\": [1, {\"b\": null}]}, \"outputBucketOwnerId\": \"123456789012\","
                    + " \"runTags\": {\"team\": \"genomics\"}, \"engineSettings\": {\"nextflow\": {\"v\": \"24\"}}"));
        }

        @Test
        void anEntryThatIsNotAnObjectIsAnError() throws IOException {
            ValidationError error = onlyError(of("[{\"runSettingId\": \"s-1\"}, 42]"));

            assertThat(error.message()).isEqualTo("each entry must be a JSON object, found a number (42)");
            assertThat(error.entryIndex()).isEqualTo(1);
            assertThat(error.pointer()).isEqualTo("/1");
        }

        @Test
        void anUnknownFieldIsNamed() throws IOException {
            ValidationError error = onlyError(ofEntry(ID + ", \"workflowId\": \"1234567\""));

            assertThat(error.message()).startsWith("unknown field 'workflowId'; allowed fields are runSettingId,");
            assertThat(error.pointer()).isEqualTo("/0/workflowId");
        }

        @Test
        void aRepeatedKeyInAnEntryIsAnError() throws IOException {
            ValidationError error = onlyError(ofEntry(ID + ", \"priority\": 1, \"priority\": 2"));

            assertThat(error.message()).isEqualTo("duplicate key 'priority' in this entry");
            assertThat(error.pointer()).isEqualTo("/0/priority");
        }

        @Test
        void aRepeatedKeyDeepInParametersIsAnError() throws IOException {
            ValidationError error = onlyError(ofEntry(ID
                    + ", \"parameters\": {\"runs\": [{\"lane\": 1}, {\"lane\": 2, \"lane\": 3}]}"));

            assertThat(error.message()).isEqualTo("duplicate key 'lane'");
            assertThat(error.pointer()).isEqualTo("/0/parameters/runs/1/lane");
        }

        @Test
        void theSameKeyInSiblingObjectsIsFine() throws IOException {
            assertValid(ofEntry(ID + ", \"parameters\": {\"a\": {\"x\": 1}, \"b\": {\"x\": 2}, \"x\": 3}"));
        }

        @Test
        void aRepeatedKeyInAWideObjectIsFound() throws IOException {
            StringBuilder params = new StringBuilder("{");
            for (int i = 0; i < 500; i++) {
                params.append("\"p").append(i).append("\": ").append(i).append(", ");
            }
            params.append("\"p250\": 0}");

            ValidationError error = onlyError(ofEntry(ID + ", \"parameters\": " + params));

            assertThat(error.pointer()).isEqualTo("/0/parameters/p250");
        }

        @Test
        void aRepeatedKeyInEngineSettingsIsAnError() throws IOException {
            ValidationError error = onlyError(ofEntry(ID
                    + ", \"engineSettings\": {\"profile\": \"a\", \"profile\": \"b\"}"));

            assertThat(error.pointer()).isEqualTo("/0/engineSettings/profile");
        }
    }

    @Nested
    class RunSettingId {

        @Test
        void isRequired() throws IOException {
            ValidationError error = onlyError(of("[\n  {\"name\": \"run\"}\n]"));

            assertThat(error.message()).isEqualTo("missing required field 'runSettingId'");
            assertThat(error.pointer()).isEqualTo("/0");
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.column()).isEqualTo(3);
        }

        @Test
        void mustBeAString() throws IOException {
            assertThat(onlyError(ofEntry("\"runSettingId\": 12")).message())
                    .isEqualTo("runSettingId must be a string, found a number (12)");
        }

        @Test
        void mustNotBeNull() throws IOException {
            assertThat(onlyError(ofEntry("\"runSettingId\": null")).message())
                    .isEqualTo("runSettingId must not be null (omit it instead)");
        }

        @Test
        void mustNotBeEmpty() throws IOException {
            assertThat(onlyError(ofEntry("\"runSettingId\": \"\"")).message())
                    .isEqualTo("runSettingId must not be empty");
        }

        @Test
        void mayBe128CharactersLong() throws IOException {
            assertValid(ofEntry("\"runSettingId\": \"" + "x".repeat(128) + "\""));
        }

        @Test
        void mayBe128SupplementaryCodePointsLong() throws IOException {
            // 128 code points, 256 UTF-16 chars: lengths count code points.
            assertValid(ofEntry("\"runSettingId\": \"" + "🧬".repeat(128) + "\""));
        }

        @Test
        void mustNotBeLongerThan128Characters() throws IOException {
            assertThat(onlyError(ofEntry("\"runSettingId\": \"" + "🧬".repeat(129) + "\"")).message())
                    .isEqualTo("runSettingId must be at most 128 characters long, found 129");
        }

        @Test
        void mustBePrintable() throws IOException {
            assertThat(onlyError(ofEntry("\"runSettingId\": \"sample\\t1\"")).message())
                    .startsWith("runSettingId contains a character that is not allowed (U+0009 at character 7)");
        }

        @Test
        void mayUseSpacesSymbolsAndPunctuation() throws IOException {
            assertValid(ofEntry("\"runSettingId\": \"Patient #7 / run (2) — €5 ✓\""));
        }

        @Test
        void mustBeUniqueAcrossTheFile() throws IOException {
            ValidationReport report = of("[{\"runSettingId\": \"a\"}, {\"runSettingId\": \"b\"},"
                    + " {\"runSettingId\": \"a\"}]");

            ValidationError error = onlyError(report);
            assertThat(error.message())
                    .isEqualTo("runSettingId 'a' is already used by entry 0; runSettingIds must be unique in the file");
            assertThat(error.entryIndex()).isEqualTo(2);
            assertThat(error.pointer()).isEqualTo("/2/runSettingId");
        }

        @Test
        void isAttachedToErrorsFoundBeforeIt() throws IOException {
            ValidationError error = onlyError(ofEntry("\"priority\": -5, \"runSettingId\": \"late-id\""));

            assertThat(error.runSettingId()).isEqualTo("late-id");
            assertThat(error.describe()).startsWith("entry 0 (runSettingId late-id) /0/priority: ");
        }
    }

    @Nested
    class Name {

        @Test
        void aPrintableNameUpTo128CharactersIsValid() throws IOException {
            assertValid(ofEntry(ID + ", \"name\": \"" + "n".repeat(128) + "\""));
        }

        @Test
        void tooLongIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"name\": \"" + "n".repeat(129) + "\"")).message())
                    .isEqualTo("name must be at most 128 characters long, found 129");
        }

        @Test
        void emptyIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"name\": \"\"")).message()).isEqualTo("name must not be empty");
        }

        @Test
        void aFormatCharacterIsAnError() throws IOException {
            // U+200B ZERO WIDTH SPACE is category Cf, outside the pattern.
            assertThat(onlyError(ofEntry(ID + ", \"name\": \"a\\u200Bb\"")).message())
                    .contains("U+200B at character 2");
        }

        @Test
        void aNumberIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"name\": 5")).message())
                    .isEqualTo("name must be a string, found a number (5)");
        }
    }

    @Nested
    class OutputUri {

        @Test
        void anS3UriIsValid() throws IOException {
            assertValid(ofEntry(ID + ", \"outputUri\": \"s3://my-bucket\""));
            assertValid(ofEntry(ID + ", \"outputUri\": \"s3://my-bucket/a b/ü/\""));
        }

        @Test
        void mayBe750CharactersLong() throws IOException {
            assertValid(ofEntry(ID + ", \"outputUri\": \"s3://b/" + "k".repeat(743) + "\""));
        }

        @Test
        void tooLongIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"outputUri\": \"s3://b/" + "k".repeat(744) + "\"")).message())
                    .isEqualTo("outputUri must be at most 750 characters long, found 751");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://b.s3.amazonaws.com/x", "S3://bucket/x", "bucket/x", "s3:/bucket"})
        void otherSchemesAreAnError(String uri) throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"outputUri\": \"" + uri + "\"")).message())
                    .isEqualTo("outputUri must be an S3 URI starting with s3://, found '" + uri + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"s3://", "s3:///key"})
        void aMissingBucketIsAnError(String uri) throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"outputUri\": \"" + uri + "\"")).message())
                    .startsWith("outputUri must name a bucket after s3://");
        }

        @Test
        void aControlCharacterIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"outputUri\": \"s3://b/\\n\"")).message())
                    .contains("U+000A at character 8");
        }
    }

    @Nested
    class Priority {

        @ParameterizedTest
        @ValueSource(strings = {"0", "1", "100000", "-0"})
        void integersFromZeroTo100000AreValid(String value) throws IOException {
            assertValid(ofEntry(ID + ", \"priority\": " + value));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "100001", "2147483648", "99999999999999999999999"})
        void integersOutsideTheRangeAreAnError(String value) throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"priority\": " + value)).message())
                    .isEqualTo("priority must be between 0 and 100000, found " + value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"5.0", "1e3", "0.5"})
        void decimalsAreAnError(String value) throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"priority\": " + value)).message())
                    .isEqualTo("priority must be a whole number, found " + value);
        }

        @Test
        void aStringIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"priority\": \"5\"")).message())
                    .isEqualTo("priority must be an integer, found a string ('5')");
        }

        @Test
        void aBooleanIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"priority\": true")).message())
                    .isEqualTo("priority must be an integer, found a boolean (true)");
        }
    }

    @Nested
    class Parameters {

        @Test
        void anyObjectIsValid() throws IOException {
            assertValid(ofEntry(ID + ", \"parameters\": {}"));
            assertValid(ofEntry(ID + ", \"parameters\": {\"s\": \"\", \"n\": 1.5, \"b\": false, \"z\": null,"
                    + " \"a\": [[], [{}]], \"o\": {\"deep\": {\"deeper\": [1, 2, 3]}}}"));
        }

        @Test
        void aLongStringInsideIsSkippedNotRead() throws IOException {
            // Longer than the validator reads into memory; parameters values are only skipped.
            String huge = "g".repeat(RunSettingsValidator.MAX_READ_STRING_CHARS + 10);

            assertValid(ofEntry(ID + ", \"parameters\": {\"sequence\": \"" + huge + "\"}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"a=b\"", "3"})
        void aNonObjectIsAnError(String value) throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"parameters\": " + value)).message())
                    .startsWith("parameters must be a JSON object, found ");
        }

        @Test
        void nullIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"parameters\": null")).message())
                    .isEqualTo("parameters must not be null (omit it instead)");
        }
    }

    @Nested
    class OutputBucketOwnerId {

        @Test
        void twelveDigitsAreValid() throws IOException {
            assertValid(ofEntry(ID + ", \"outputBucketOwnerId\": \"012345678901\""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"12345678901", "1234567890123", "12345678901a", "",
            "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19\uFF10\uFF11\uFF12"})
        void anythingElseIsAnError(String value) throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"outputBucketOwnerId\": \"" + value + "\"")).message())
                    .startsWith("outputBucketOwnerId must be exactly 12 digits");
        }

        @Test
        void aNumberIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"outputBucketOwnerId\": 123456789012")).message())
                    .isEqualTo("outputBucketOwnerId must be a string of 12 digits, found a number (123456789012)");
        }
    }

    @Nested
    class RunTags {

        @Test
        void stringToStringIsValid() throws IOException {
            assertValid(ofEntry(ID + ", \"runTags\": {\"team\": \"genomics\", \"empty\": \"\", \""
                    + "k".repeat(128) + "\": \"" + "v".repeat(256) + "\"}"));
        }

        @Test
        void anEmptyObjectIsValid() throws IOException {
            assertValid(ofEntry(ID + ", \"runTags\": {}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"omics-dropzone:request-id", "omics-dropzone:pipeline"})
        void theDropzonesOwnKeysAreReserved(String key) throws IOException {
            ValidationError error = onlyError(ofEntry(ID + ", \"runTags\": {\"" + key + "\": \"mine\", \"ok\": \"x\"}"));

            assertThat(error.message()).isEqualTo("runTags key '" + key + "' is reserved: the dropzone tags every run "
                    + "with omics-dropzone:request-id to trace its cost to the drop, and a file may not set or override "
                    + "tags starting with omics-dropzone:");
            assertThat(error.pointer()).isEqualTo("/0/runTags/" + key.replace("~", "~0").replace("/", "~1"));
            // a key merely containing the prefix elsewhere is the file's own
            assertValid(ofEntry(ID + ", \"runTags\": {\"team:omics-dropzone:x\": \"y\"}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"7", "true", "null", "[\"a\"]", "{\"a\": \"b\"}"})
        void aNonStringValueIsAnError(String value) throws IOException {
            ValidationError error = onlyError(ofEntry(ID + ", \"runTags\": {\"batch\": " + value + ", \"ok\": \"x\"}"));

            assertThat(error.message()).startsWith("tag value must ");
            assertThat(error.pointer()).isEqualTo("/0/runTags/batch");
        }

        @Test
        void aValueOver256CharactersIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"runTags\": {\"k\": \"" + "v".repeat(257) + "\"}")).message())
                    .isEqualTo("tag value must be at most 256 characters long, found 257");
        }

        @Test
        void anEmptyKeyIsAnError() throws IOException {
            ValidationError error = onlyError(ofEntry(ID + ", \"runTags\": {\"\": \"v\"}"));

            assertThat(error.message()).isEqualTo("tag key must not be empty");
            assertThat(error.pointer()).isEqualTo("/0/runTags/");
        }

        @Test
        void aKeyOver128CharactersIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"runTags\": {\"" + "k".repeat(129) + "\": \"v\"}")).message())
                    .isEqualTo("tag key must be at most 128 characters long, found 129");
        }

        @Test
        void aRepeatedKeyIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"runTags\": {\"a\": \"1\", \"b\": \"2\", \"a\": \"3\"}")).message())
                    .isEqualTo("duplicate tag key 'a'");
        }

        @Test
        void aNonObjectIsAnError() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"runTags\": [\"team=genomics\"]")).message())
                    .isEqualTo("runTags must be a JSON object, found an array");
        }

        @Test
        void keysAreEscapedInThePointer() throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"runTags\": {\"a/b~c\": 1}")).pointer())
                    .isEqualTo("/0/runTags/a~1b~0c");
        }
    }

    @Nested
    class EngineSettings {

        @Test
        void anObjectIsValid() throws IOException {
            assertValid(ofEntry(ID + ", \"engineSettings\": {\"nextflow\": {\"version\": \"24.10\"}}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"nextflow\"", "[]", "1", "false"})
        void anythingElseIsAnError(String value) throws IOException {
            assertThat(onlyError(ofEntry(ID + ", \"engineSettings\": " + value)).message())
                    .startsWith("engineSettings must be a JSON object, found ");
        }
    }

    @Nested
    class Reporting {

        @Test
        void semanticErrorsDoNotStopTheScan() throws IOException {
            ValidationReport report = of("[{\"runSettingId\": \"a\", \"priority\": \"1\"}, {\"runSettingId\": \"b\"},"
                    + " {\"runSettingId\": \"c\", \"name\": \"\"}]");

            assertThat(report.entryCount()).isEqualTo(3);
            assertThat(report.errors()).extracting(ValidationError::entryIndex, ValidationError::pointer)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, "/0/priority"),
                            org.assertj.core.groups.Tuple.tuple(2L, "/2/name"));
        }

        @Test
        void aSyntaxErrorEndsTheScanButKeepsEarlierErrors() throws IOException {
            ValidationReport report = of("[{\"runSettingId\": \"a\", \"priority\": -1},\n {\"runSettingId\": \"b\","
                    + " \"name\": }, {\"runSettingId\": 5}]");

            assertThat(report.errors()).extracting(ValidationError::message)
                    .containsExactly("priority must be between 0 and 100000, found -1",
                            "invalid JSON: Unexpected character ('}' (code 125)): expected a value");
            ValidationError syntax = report.errors().get(1);
            assertThat(syntax.runSettingId()).isEqualTo("b");
            assertThat(syntax.line()).isEqualTo(2);
            assertThat(syntax.column()).isEqualTo(32);
            assertThat(report.entryCount()).isEqualTo(2);
        }

        @Test
        void keepsTheFirst100ErrorsAndCountsAll() throws IOException {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < 250; i++) {
                json.append(i == 0 ? "" : ",")
                        .append("{\"runSettingId\": \"r").append(i).append("\", \"priority\": -1}");
            }

            ValidationReport report = of(json.append("]").toString());

            assertThat(report.errorCount()).isEqualTo(250);
            assertThat(report.errors()).hasSize(RunSettingsValidator.MAX_REPORTED_ERRORS);
            assertThat(report.errors().get(99).entryIndex()).isEqualTo(99);
            assertThat(report.errors().get(99).runSettingId()).isEqualTo("r99");
        }

        @Test
        void theErrorThatEndedTheScanIsKeptEvenWhenTheListIsFull() throws IOException {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < 150; i++) {
                json.append("{\"runSettingId\": \"r").append(i).append("\", \"priority\": -1},");
            }

            ValidationReport report = of(json.append("{\"runSettingId\": ").toString());

            assertThat(report.errorCount()).isEqualTo(151);
            assertThat(report.errors()).hasSize(100);
            assertThat(report.errors().get(99).message()).startsWith("invalid JSON: Unexpected end-of-input");
            assertThat(report.errors().get(98).entryIndex()).isEqualTo(98);
        }

        @Test
        void quotedUserValuesAreCutToAShortExcerpt() throws IOException {
            ValidationError error = onlyError(ofEntry(ID + ", \"outputUri\": \"" + "x".repeat(700) + "\""));

            assertThat(error.message()).isEqualTo("outputUri must be an S3 URI starting with s3://, found '"
                    + "x".repeat(UserText.MAX_QUOTED_CHARS) + "…'");
        }

        @Test
        void anUnknownKeyWithControlCharactersIsEscapedInMessageAndPointer() throws IOException {
            ValidationError error = onlyError(ofEntry(ID + ", \"bad\\u0000\\nkey\": 1"));

            assertThat(error.message()).startsWith("unknown field 'bad\\u0000\\u000Akey'");
            assertThat(error.pointer()).isEqualTo("/0/bad\\u0000\\u000Akey");
        }

        @Test
        void aCheckedStringLongerThanTheReadLimitEndsTheScanWithAClearMessage() throws IOException {
            String huge = "n".repeat(RunSettingsValidator.MAX_READ_STRING_CHARS + 1);

            ValidationError error = onlyError(ofEntry(ID + ", \"name\": \"" + huge + "\""));

            assertThat(error.message()).startsWith("the file exceeds a limit of the validator: String value length")
                    .doesNotContain("StreamReadConstraints");
            assertThat(error.pointer()).isEqualTo("/0/name");
        }

        @Test
        void progressIsReportedEveryTenThousandEntriesAndAtTheEnd() throws IOException {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < 25_000; i++) {
                json.append(i == 0 ? "" : ",").append("{\"runSettingId\":\"r").append(i).append("\"}");
            }
            byte[] bytes = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
            List<long[]> calls = new ArrayList<>();

            new RunSettingsValidator().validate(new ByteArrayInputStream(bytes), bytes.length,
                    (entries, read) -> calls.add(new long[] {entries, read}));

            assertThat(calls).extracting(call -> call[0]).containsExactly(10_000L, 20_000L, 25_000L);
            assertThat(calls.get(2)[1]).isEqualTo(bytes.length);
            assertThat(calls.get(0)[1]).isPositive().isLessThan(bytes.length);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Remembers how much was read, to prove the cap stopped reading early. */
    private static final class CountingStream extends ByteArrayInputStream {
        long bytesRead;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            bytesRead += Math.max(n, 0);
            return n;
        }
    }
}
